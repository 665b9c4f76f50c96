import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdirSync, copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import Database from "better-sqlite3";
import { CLI, CORPUS, runCli, tempDir } from "../helpers.js";

const SEED = join(CORPUS, "seed", "almaty-background-briefing.txt");

test("a batch with bad files imports the good ones, names every bad one with a reason, and exits 1", () => {
  const t = tempDir();
  try {
    const inbox = join(t.dir, "inbox");
    mkdirSync(inbox);
    copyFileSync(SEED, join(inbox, "good.txt"));
    writeFileSync(join(inbox, "empty.txt"), "");
    writeFileSync(join(inbox, "blank.md"), "   \n\n  \n");
    writeFileSync(join(inbox, "binary.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 255, 254]));
    writeFileSync(join(inbox, "cut.xml"), "<item>\n<title>Our own test item</title>\n<link>https://example.org/x</link>\n<description><![CDATA[<p>Half a sent");
    writeFileSync(join(inbox, "huge.txt"), Buffer.alloc(21 * 1024 * 1024, "a"));
    const missing = join(t.dir, "no-such-folder");
    const r = runCli(["import", inbox, missing, "--data-dir", join(t.dir, "data"), "--json"]);
    assert.equal(r.code, 1, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.imported, 1);
    const reasons = new Map<string, { code: string; reason: string }>(s.rejected.map((x: { path: string; code: string; reason: string }) => [x.path.split("/").pop(), x]));
    assert.equal(reasons.get("empty.txt")?.code, "PRESSROOM_E_EMPTY");
    assert.equal(reasons.get("blank.md")?.code, "PRESSROOM_E_EMPTY");
    assert.equal(reasons.get("binary.txt")?.code, "PRESSROOM_E_BINARY");
    assert.equal(reasons.get("cut.xml")?.code, "PRESSROOM_E_TRUNCATED");
    assert.equal(reasons.get("huge.txt")?.code, "PRESSROOM_E_TOO_LARGE");
    assert.equal(reasons.get("no-such-folder")?.reason, "no such file or folder");
    assert.equal(s.rejected.length, 6);

    // The human summary names the same files.
    const again = runCli(["import", inbox, "--data-dir", join(t.dir, "data")]);
    assert.equal(again.code, 1);
    assert.match(again.stdout, /unchanged: 1/);
    assert.match(again.stdout, /binary\.txt: .*\[PRESSROOM_E_BINARY\]/);
  } finally {
    t.cleanup();
  }
});

test("a changed document with the same identity becomes a new version, not a duplicate", () => {
  const t = tempDir();
  try {
    const f = join(t.dir, "release.md");
    const doc = (body: string) => `---\ntitle: "Sample Release About Bridges"\npublished_time: 2026-10-01 10:00:00-04:00\nsource_url: https://example.org/sample/bridges/\n---\n\n${body}\n`;
    writeFileSync(f, doc("SAMPLE CONTENT. The bridge opens on Monday."));
    const data = join(t.dir, "data");
    assert.equal(JSON.parse(runCli(["import", f, "--data-dir", data, "--json"]).stdout).imported, 1);
    assert.equal(JSON.parse(runCli(["import", f, "--data-dir", data, "--json"]).stdout).unchanged, 1);
    writeFileSync(f, doc("SAMPLE CONTENT. The bridge opens on Tuesday, not Monday."));
    const s = JSON.parse(runCli(["import", f, "--data-dir", data, "--json"]).stdout);
    assert.equal(s.updated, 1);
    assert.equal(s.imported, 0);
    const stats = JSON.parse(runCli(["stats", "--json", "--data-dir", data]).stdout);
    assert.equal(stats.items, 1);
    assert.match(runCli(["stats", "--data-dir", data]).stdout, /^There was 1 press release posted in the last 24 hours and 1 in the last 365 days\.\n1 item in the archive\./);
    const hit = JSON.parse(runCli(["search", "Tuesday", "--json", "--data-dir", data]).stdout);
    assert.equal(hit.total, 1);
    const old = JSON.parse(runCli(["search", "\"opens on Monday\"", "--json", "--data-dir", data]).stdout);
    assert.equal(old.total, 0, "search sees the latest version only");
  } finally {
    t.cleanup();
  }
});

test("an import killed mid-batch leaves a consistent database, and a rerun finishes the job", async () => {
  const t = tempDir();
  try {
    const data = join(t.dir, "data");
    const child = spawn(process.execPath, [CLI, "import", CORPUS, "--data-dir", data, "--quiet"], { stdio: "ignore" });
    await new Promise((r) => setTimeout(r, 900));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const db = new Database(join(data, "pressroom.db"));
    assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
    db.close();
    const r = runCli(["import", CORPUS, "--data-dir", data, "--json"]);
    assert.equal(r.code, 0);
    const s = JSON.parse(r.stdout);
    const full = runCli(["import", CORPUS, "--data-dir", join(t.dir, "fresh"), "--json"]);
    const f = JSON.parse(full.stdout);
    const stats = JSON.parse(runCli(["stats", "--json", "--data-dir", data]).stdout);
    assert.equal(stats.items, f.imported, "after the rerun the archive matches a clean import");
    assert.equal(s.imported + s.unchanged + s.updated, f.imported + f.unchanged + f.updated);
  } finally {
    t.cleanup();
  }
});

test("CLI errors are one line on stderr with a non-zero exit", () => {
  const cases: [string[], number, RegExp][] = [
    [["serve", "--port", "banana"], 2, /port must be a whole number/],
    [["import", "README.md", "--data-dir", "/dev/null/pressroom"], 2, /data directory .* cannot be created or written/],
    [["parse", "/no/such/file.txt"], 1, /no such file|PRESSROOM_E_UNREADABLE/],
    [["search", "x", "--kind", "novel", "--data-dir", "/nonexistent/pressroom-cli-test"], 2, /--kind must be one of/],
    [["search", "x", "--from", "yesterday", "--data-dir", "/nonexistent/pressroom-cli-test"], 2, /--from must be a real date/],
    [["frobnicate"], 2, /unknown command/],
  ];
  for (const [args, code, re] of cases) {
    const r = runCli(args);
    assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(" "));
    assert.ok(!/\n\s+at /.test(r.stderr), `${args.join(" ")}: no stack trace`);
  }
  // DATABASE_URL: a URL that is not PostgreSQL's is a usage error; a server that is not there is one line, exit 1.
  const badUrl = runCli(["stats"], { env: { DATABASE_URL: "mysql://127.0.0.1/test" } });
  assert.equal(badUrl.code, 2, badUrl.stderr);
  assert.match(badUrl.stderr, /^pressroom: DATABASE_URL must be a postgres:\/\/ URL, got "mysql:\/\/127\.0\.0\.1\/test" \[PRESSROOM_E_CONFIG\]\n$/);
  const down = runCli(["stats"], { env: { DATABASE_URL: "postgres://someone:hunter2@127.0.0.1:1/test" } });
  assert.equal(down.code, 1, down.stderr);
  assert.match(down.stderr, /^pressroom: could not connect to PostgreSQL at 127\.0\.0\.1:1\/test.*\[PRESSROOM_E_DATABASE\]\n$/);
  assert.ok(!down.stderr.includes("hunter2"), "the password is never printed");
});

test("every command has --help", () => {
  for (const c of ["serve", "import", "parse", "search", "stats"]) {
    const r = runCli([c, "--help"]);
    assert.equal(r.code, 0, c);
    assert.match(r.stdout, new RegExp(`Usage: pressroom ${c}`));
  }
});

test("read-only commands refuse a data folder that holds no archive, instead of creating one", () => {
  const t = tempDir();
  try {
    const missing = join(t.dir, "typo", "data");
    for (const args of [["stats"], ["search", "anything"]]) {
      const r = runCli([...args, "--data-dir", missing]);
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.stderr, /no archive at .*typo/);
    }
    assert.equal(existsSync(join(t.dir, "typo")), false, "nothing was created");
  } finally {
    t.cleanup();
  }
});

test("search dates must exist and be in order; parse flags must agree", () => {
  const t = tempDir();
  try {
    const data = join(t.dir, "data");
    assert.equal(runCli(["import", join(CORPUS, "seed"), "--data-dir", data, "--quiet"]).code, 0);
    const feb30 = runCli(["search", "Almaty", "--from", "2021-02-30", "--data-dir", data]);
    assert.equal(feb30.code, 2);
    assert.match(feb30.stderr, /--from must be a real date/);
    const backwards = runCli(["search", "Almaty", "--from", "2022-01-01", "--to", "2021-01-01", "--data-dir", data]);
    assert.equal(backwards.code, 2);
    assert.match(backwards.stderr, /--from \(2022-01-01\) is after --to \(2021-01-01\)/);
    const ok = runCli(["search", "Almaty", "--to", "2030-12-31", "--data-dir", data, "--json"]);
    assert.equal(ok.code, 0, ok.stderr);
    const both = runCli(["parse", SEED, "--json", "--format", "text"]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--json and --format text disagree/);
    const usage = runCli(["search"]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^pressroom: missing required argument 'query'/);
  } finally {
    t.cleanup();
  }
});
