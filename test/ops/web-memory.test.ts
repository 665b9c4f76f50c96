/**
 * A web process (`serve --no-tasks`, as several run behind a proxy) loads only what serving
 * needs: the ingestion stack (feed, e-mail and HTML readers, the transcript parser) and the job
 * queue stay out of it until something uses them (issue 5: a web process under 300 MB).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runCli, startServer, tempDir, ROOT } from "../helpers.js";

const HOOK = pathToFileURL(join(ROOT, "test", "ops", "module-log.mjs")).href;
/** Packages that only ingestion, editing or background work use. */
const HEAVY = ["chrono-node", "mailparser", "linkedom", "@mozilla/readability", "pg-boss", "feedsmith", "iconv-lite"];

function packagesIn(log: string): Set<string> {
  const out = new Set<string>();
  for (const m of log.matchAll(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)) out.add(m[1]!);
  return out;
}

test("serve --no-tasks: pages, search and RSS served without loading the ingestion stack; a JSON feed loads feedsmith then", async () => {
  const t = tempDir("pressroom-webmem-");
  try {
    const corpusFile = join(ROOT, "..", "shared", "corpus", "seed");
    const imported = runCli(["import", corpusFile, "--data-dir", t.dir]);
    assert.equal(imported.code, 0, imported.stderr);
    const log = join(t.dir, "modules.txt");
    const s = await startServer(t.dir, ["--no-tasks"], { env: { NODE_OPTIONS: `--import=${HOOK}`, PRESSROOM_TEST_MODULE_LOG: log } });
    try {
      const list = await (await fetch(`${s.url}/api/v1/items?limit=5`)).json() as { items: { "pressroom:id": string }[] };
      assert.ok(list.items.length > 0);
      for (const p of ["/", `/items/${list.items[0]!["pressroom:id"]}`, "/search?q=the", "/feeds/rss.xml", "/feeds/atom.xml", "/sitemap.xml"]) {
        assert.equal((await fetch(`${s.url}${p}`)).status, 200, p);
      }
      const loaded = packagesIn(readFileSync(log, "utf8"));
      assert.ok(loaded.has("fastify") && loaded.has("preact"), "the log records the server's own packages");
      assert.deepEqual(HEAVY.filter((p) => loaded.has(p)), []);
      assert.equal((await fetch(`${s.url}/feeds/feed.json`)).status, 200);
      assert.ok(packagesIn(readFileSync(log, "utf8")).has("feedsmith"), "loaded on first use");
    } finally {
      await s.stop();
    }
  } finally {
    t.cleanup();
  }
});
