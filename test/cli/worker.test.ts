/** `pressroom worker` serves an archive that exists: a mistyped --data-dir is an error, not a new empty archive. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir } from "../helpers.js";

test("worker --once on a folder without an archive says so and creates nothing", () => {
  const t = tempDir();
  try {
    const dir = join(t.dir, "typo");
    const r = runCli(["worker", "--once", "--data-dir", dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no archive at .*typo/);
    assert.equal(r.stderr.trim().split("\n").length, 1, "one line");
    assert.equal(existsSync(join(dir, "pressroom.db")), false);
  } finally {
    t.cleanup();
  }
});
