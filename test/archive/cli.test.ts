/**
 * `pressroom export` and `pressroom import-archive` through the built CLI (dist/cli.js), on
 * the matrix's database: each `--data-dir` folder is also a PostgreSQL schema in that pass.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CORPUS, tempDir } from "../helpers.js";
import { runCliDb as runCli } from "../db.js";
import { withoutExportTime } from "./fixtures.js";

const tmp = tempDir("pressroom-archive-cli-");
after(() => tmp.cleanup());

test("export to stdout and to a file, import-archive from a file and from stdin, export again: same archive", () => {
  const a = join(tmp.dir, "a");
  assert.equal(runCli(["import", "--quiet", "--data-dir", a, join(CORPUS, "state-press-releases")]).code, 0);
  assert.equal(runCli(["user", "add", "ed", "--role", "editor", "--data-dir", a]).code, 0);
  const out = runCli(["export", "--data-dir", a]);
  assert.equal(out.code, 0, out.stderr);
  const header = JSON.parse(out.stdout.split("\n")[0]!);
  assert.equal(header.format, "pressroom-archive");
  assert.ok(header.counts.item > 5);
  const file = join(tmp.dir, "a.jsonl");
  assert.equal(runCli(["export", "--data-dir", a, "--output", file]).code, 0);
  assert.equal(existsSync(`${file}.partial`), false);
  assert.equal(withoutExportTime(readFileSync(file, "utf8")), withoutExportTime(out.stdout));

  const b = join(tmp.dir, "b");
  const imp = runCli(["import-archive", "--data-dir", b, file]);
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stdout, new RegExp(`^Restored from the archive exported .*: user: 1, item: ${header.counts.item}, held: 0,`));
  const c = join(tmp.dir, "c");
  const fromStdin = runCli(["import-archive", "--data-dir", c, "-", "--json"], { input: out.stdout });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.equal(JSON.parse(fromStdin.stdout).restored.item, header.counts.item);
  for (const dir of [b, c]) {
    const again = runCli(["export", "--data-dir", dir]);
    assert.equal(withoutExportTime(again.stdout), withoutExportTime(out.stdout));
  }
  const s1 = runCli(["search", "--json", "--data-dir", a, "governor"]);
  const s2 = runCli(["search", "--json", "--data-dir", b, "governor"]);
  assert.equal(s2.stdout, s1.stdout);
});

test("bad archives and a non-empty target: one line naming the problem, exit 1", () => {
  const bad = join(tmp.dir, "bad.jsonl");
  writeFileSync(bad, '{"format":"pressroom-archive","version":1,"exported_at":"2026-01-01T00:00:00Z","counts":{"item":0,"held":0,"user":0,"audit":0,"saved_search":0,"source":0}}\n{"type":"story"}\n');
  const r1 = runCli(["import-archive", "--data-dir", join(tmp.dir, "d"), bad]);
  assert.equal(r1.code, 1);
  assert.equal(r1.stderr, 'pressroom: archive line 2: record.type "story" is not a record type (expected one of user, item, held, saved_search, source, audit) [PRESSROOM_E_TRUNCATED]\n');
  const r2 = runCli(["import-archive", "--data-dir", join(tmp.dir, "a"), join(tmp.dir, "a.jsonl")]);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /^pressroom: the target archive is not empty \(user: 1, item: \d+, audit: 1\).*\[PRESSROOM_E_CONFLICT\]\n$/);
  const r3 = runCli(["import-archive", "--data-dir", join(tmp.dir, "e"), "-"], { input: "not json\n" });
  assert.equal(r3.code, 1);
  assert.match(r3.stderr, /archive line 1: not JSON/);
});
