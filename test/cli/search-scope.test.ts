/** `pressroom search --scope/--questioner/--outlet`: flag parsing and output, on a real temp store. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fixedClock } from "../../src/core/clock.js";
import { isPressroomError } from "../../src/core/errors.js";
import { runSearch, searchQueryFromFlags } from "../../src/cli/query-commands.js";
import { openTestStore } from "../db.js";
import type { Config } from "../../src/config/config.js";
import { tempDir } from "../helpers.js";
import { transcript, T0 } from "../publish/fixtures.js";

test("search flags: scope, questioner and outlet reach the query; bad combinations are usage errors", () => {
  assert.deepEqual(searchQueryFromFlags("Fordow", { scope: "questions", outlet: "Reuters" }), { q: "Fordow", scope: "questions", outlet: "Reuters" });
  assert.deepEqual(searchQueryFromFlags("x", { scope: "answers", questioner: "Mara Quinn" }), { q: "x", scope: "answers", questioner: "Mara Quinn" });
  const bad = (f: Parameters<typeof searchQueryFromFlags>[1], re: RegExp) =>
    assert.throws(() => searchQueryFromFlags("x", f), (e) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST") && re.test(e.message));
  bad({ scope: "everything" }, /--scope must be all, questions or answers/);
  bad({ outlet: "Reuters" }, /need --scope questions or --scope answers/);
  bad({ scope: "questions", questioner: " " }, /--questioner must be a name/);
});

test("runSearch with --scope questions --outlet prints who asked and the exchange link", async () => {
  const t = tempDir();
  const store = await openTestStore({ clock: fixedClock(T0) });
  try {
    const { id } = await store.upsert(transcript);
    const config = { baseUrl: "https://wire.example.org" } as Config;
    const text = await runSearch(store, config, "beacons", { scope: "questions", outlet: "Tidewater Gazette" });
    assert.match(text, /^1 result for "beacons"/);
    assert.match(text, /1\. Mara Quinn, Tidewater Gazette — Background Briefing on the Lighthouse Treaty Talks/);
    assert.ok(text.includes(`https://wire.example.org/items/${id}#exchange-1`));
    assert.match(text, /northern \*beacons\*/);
    const js = JSON.parse(await runSearch(store, config, "beacons", { scope: "questions", questioner: "mara quinn", json: true }));
    assert.equal(js.total, 1);
    assert.equal(js.results[0].question.outlet, "Tidewater Gazette");
    assert.equal((JSON.parse(await runSearch(store, config, "beacons", { scope: "answers", json: true }))).total, 0);
  } finally {
    await store.close();
    t.cleanup();
  }
});
