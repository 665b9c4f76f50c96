/** `pressroom topics load|list|classify` and the `classify` background task, through the built CLI. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CORPUS, tempDir } from "../helpers.js";
import { runCliDb as runCli, startServerDb as startServer } from "../db.js";
import { VOCAB, concept, miniVocab } from "./helpers.js";

const DOCS = [
  "state-press-releases/2022-05-06-terrorist-attack-in-elad-israel.xml",
  "whitehouse-releases/2023-06-08-statement-from-president-joe-biden-on-the-wildfires-in-canada.md",
  "local-press-releases/2019-04-10-dallas-tx-pr-gangunitgrant-pdf.txt",
];

test("topics load: a good file loads, wrong files fail with one clear line and change nothing", () => {
  const t = tempDir();
  try {
    const data = join(t.dir, "data");
    const bad = join(t.dir, "genre.json");
    writeFileSync(bad, miniVocab([concept("90000001", "Harbours")], { uri: "http://cv.iptc.org/newscodes/genre/" }));
    const r1 = runCli(["topics", "load", bad, "--data-dir", data]);
    assert.equal(r1.code, 1);
    assert.match(r1.stderr, /^pressroom: not an IPTC Media Topics SKOS JSON file: it describes another scheme .* \[PRESSROOM_E_UNSUPPORTED\]\n$/);
    const notJson = join(t.dir, "notes.json");
    writeFileSync(notJson, "topics: politics, health");
    const r2 = runCli(["topics", "load", notJson, "--data-dir", data]);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /not a JSON file.*\[PRESSROOM_E_TRUNCATED\]/);
    const r3 = runCli(["topics", "load", join(t.dir, "missing.json"), "--data-dir", data]);
    assert.equal(r3.code, 1);
    assert.match(r3.stderr, /missing\.json.*\[PRESSROOM_E_UNREADABLE\]/);
    const none = runCli(["topics", "list", "--data-dir", data]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no Media Topics vocabulary loaded; run: pressroom topics load FILE/);

    const ok = runCli(["topics", "load", VOCAB, "--data-dir", data]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Loaded 1228 topics \(1228 new, 0 updated, 134 retired\) from the vocabulary released 2019-04-06T20:00:00\+00:00\./);
    assert.match(ok.stdout, /Media Topics by IPTC \(https:\/\/iptc\.org\), CC BY 4\.0/);
    const again = JSON.parse(runCli(["topics", "load", VOCAB, "--data-dir", data, "--json"]).stdout) as { added: number; updated: number };
    assert.deepEqual([again.added, again.updated], [0, 1228]);
  } finally {
    t.cleanup();
  }
});

test("import, then topics classify and the worker's classify task give items their subjects; list shows counts", () => {
  const t = tempDir();
  try {
    const data = join(t.dir, "data");
    const inbox = join(t.dir, "inbox");
    mkdirSync(inbox);
    for (const d of DOCS) copyFileSync(join(CORPUS, d), join(inbox, d.split("/").pop()!));
    assert.equal(runCli(["import", inbox, "--data-dir", data, "--quiet"]).code, 0);
    const early = runCli(["topics", "classify", "--data-dir", data]);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /no Media Topics vocabulary loaded/);
    assert.equal(runCli(["topics", "load", VOCAB, "--data-dir", data]).code, 0);

    // the background task (as in `serve`) classifies what is waiting
    const w = runCli(["worker", "--once", "--data-dir", data]);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stderr, /classify: 3 item\(s\) classified, 3 with subjects/);
    const nothing = JSON.parse(runCli(["topics", "classify", "--data-dir", data, "--json"]).stdout);
    assert.deepEqual(nothing, { classified: 0, withSubjects: 0, skipped: 0 });
    const all = JSON.parse(runCli(["topics", "classify", "--all", "--data-dir", data, "--json"]).stdout);
    assert.equal(all.classified, 3);

    const list = JSON.parse(runCli(["topics", "list", "--data-dir", data, "--json"]).stdout) as { attribution: string; topics: { qcode: string; name: string; count: number }[] };
    assert.equal(list.attribution, "Media Topics by IPTC (https://iptc.org), CC BY 4.0");
    const by = new Map(list.topics.map((x) => [x.qcode, x]));
    assert.equal(by.get("medtop:20000053")?.name, "act of terror");
    assert.equal(by.get("medtop:20000150")?.name, "fire");
    assert.ok((by.get("medtop:02000000")?.count ?? 0) >= 1, "crime, law and justice for the gang unit grant");
    const text = runCli(["topics", "list", "--data-dir", data]);
    assert.match(text.stdout, /medtop:03000000  disaster, accident and emergency incident  \(1\)/);
    assert.match(text.stdout, /Media Topics by IPTC/);
  } finally {
    t.cleanup();
  }
});

test("while `serve` runs, items imported from the command line get their topics from the background task", async () => {
  const t = tempDir();
  const data = join(t.dir, "data");
  const server = await startServer(data);
  try {
    assert.equal(runCli(["topics", "load", VOCAB, "--data-dir", data]).code, 0);
    const inbox = join(t.dir, "inbox");
    mkdirSync(inbox);
    copyFileSync(join(CORPUS, DOCS[0]!), join(inbox, "elad.xml"));
    assert.equal(runCli(["import", inbox, "--data-dir", data, "--quiet"]).code, 0);
    // The task runs every 5 s; wait for it (bounded), without asserting how long it took.
    let topics: { qcode: string; count: number }[] = [];
    for (let i = 0; i < 120 && !topics.some((x) => x.qcode === "medtop:20000053"); i++) {
      await new Promise((r) => setTimeout(r, 250));
      topics = ((await (await fetch(`${server.url}/api/v1/topics`)).json()) as { topics: { qcode: string; count: number }[] }).topics;
    }
    assert.equal(topics.find((x) => x.qcode === "medtop:20000053")?.count, 1);
    const page = await (await fetch(`${server.url}/topics/20000053`)).text();
    assert.match(page, /Terrorist Attack in Elad, Israel/);
  } finally {
    await server.stop();
    t.cleanup();
  }
});
