/** `pressroom import` of a document with an embargo line: the summary counts it as held; `worker --once` leaves it held until its time. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers.js";
import { runCliDb as runCli } from "../db.js";

test("import prints the held count, and the held item is not in stats or search until its time", () => {
  const t = tempDir();
  try {
    const inbox = join(t.dir, "inbox");
    mkdirSync(inbox);
    // Far in the future by the system clock, so the test never depends on when it runs.
    writeFileSync(join(inbox, "later.txt"), "Harbor Plan for the Next Century\n\nEMBARGOED UNTIL 10:00 A.M. EDT, TUESDAY, MAY 5, 2099\n\nPORT ELLEN — The harbor board set out its plan for the quayside cranes.\n");
    writeFileSync(join(inbox, "now.txt"), "Harbor Dues Unchanged\n\nEmbargoed until 00:01 GMT 12 March 2020\n\nPORT ELLEN — Dues stay the same for the fishing fleet.\n");
    const data = join(t.dir, "data");
    const r = runCli(["import", inbox, "--data-dir", data]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /imported: {2}1\n/);
    assert.match(r.stdout, /held: {6}1 \(under embargo until the time they state\)\n/);
    const j = runCli(["import", inbox, "--data-dir", data, "--json"]);
    assert.equal(JSON.parse(j.stdout).unchanged, 2);
    assert.equal(runCli(["worker", "--once", "--data-dir", data]).code, 0);
    const stats = JSON.parse(runCli(["stats", "--json", "--data-dir", data]).stdout);
    assert.equal(stats.items, 1);
    const s = JSON.parse(runCli(["search", "cranes", "--json", "--data-dir", data]).stdout);
    assert.equal(s.total, 0);
  } finally {
    t.cleanup();
  }
});
