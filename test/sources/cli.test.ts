/**
 * `pressroom source add|list|remove|test` and `pressroom worker --once` on the built CLI,
 * against a loopback feed server (allowed through PRESSROOM_FETCH_ALLOW).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CLI, tempDir } from "../helpers.js";
import { runCliDb as runCli, testDatabaseEnv } from "../db.js";
import { BODIES, feedRoute, rssFeed, startFeedServer } from "./helpers.js";

/** Run the CLI without blocking this process (the feed server lives in it). */
function runCliAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const e = { ...process.env, ...env };
    delete e.DATABASE_URL;
    // The matrix's database for the --data-dir of the command (PostgreSQL pass: a schema).
    const dir = args[args.indexOf("--data-dir") + 1];
    if (args.includes("--data-dir") && dir) Object.assign(e, testDatabaseEnv(dir));
    const p = spawn(process.execPath, [CLI, ...args], { env: e, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    p.stdout.on("data", (d) => { stdout += String(d); });
    p.stderr.on("data", (d) => { stderr += String(d); });
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

test("source add, test, worker --once, list, remove", async (t) => {
  const srv = await startFeedServer();
  const tmp = tempDir();
  t.after(async () => { await srv.close(); tmp.cleanup(); });
  const data = ["--data-dir", join(tmp.dir, "data")];
  const allow = { PRESSROOM_FETCH_ALLOW: "127.0.0.1" };
  srv.routes.set("/feed", feedRoute(() => rssFeed([
    { title: "Second Ferry Berth Approved", guid: "c-1", link: "https://harbour.example.org/n/berth", date: "Mon, 02 Mar 2026 08:00:00 GMT", body: BODIES[0]! },
    { title: "Night Crossings From April", guid: "c-2", link: "https://harbour.example.org/n/night", body: BODIES[1]! },
  ])));

  // Loopback is refused when the source is added, unless allowed.
  const refusedAtAdd = await runCliAsync(["source", "add", `${srv.base}/feed`, ...data]);
  assert.notEqual(refusedAtAdd.code, 0);
  assert.match(refusedAtAdd.stderr, /127\.0\.0\.1 is a loopback address/);
  const add = await runCliAsync(["source", "add", `${srv.base}/feed`, "--name", "Harbour Board", "--section", "Harbour Board", "--interval", "600", ...data], allow);
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, /^added source 1: Harbour Board \(feed, every 600s\) http:\/\/127\.0\.0\.1:\d+\/feed\n$/);

  // source test prints what would be imported and stores nothing.
  const tested = await runCliAsync(["source", "test", "1", "--json", ...data], allow);
  assert.equal(tested.code, 0, tested.stderr);
  const report = JSON.parse(tested.stdout) as { entries: { status: string; headline: string; identity: string }[] };
  assert.deepEqual(report.entries.map((e) => [e.status, e.headline, e.identity]), [
    ["new", "Second Ferry Berth Approved", "guid:c-1"],
    ["new", "Night Crossings From April", "guid:c-2"],
  ]);
  const byUrl = await runCliAsync(["source", "test", `${srv.base}/feed`], allow);
  assert.equal(byUrl.code, 0, byUrl.stderr);
  assert.match(byUrl.stdout, /2 entries; nothing stored/);
  assert.match(byUrl.stdout, /new\s+2026-03-02T08:00:00\+00:00\s+\S+\s+Second Ferry Berth Approved/);
  const stats0 = runCli(["stats", "--json", ...data]);
  assert.equal((JSON.parse(stats0.stdout) as { items: number }).items, 0);

  // Without the allow list, a loopback URL is refused before anything is fetched.
  const refused = await runCliAsync(["source", "test", `${srv.base}/feed`]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /127\.0\.0\.1 is a loopback address; sources at such addresses are refused unless PRESSROOM_FETCH_ALLOW allows them \[PRESSROOM_E_BAD_REQUEST\]/);

  const worker = await runCliAsync(["worker", "--once", ...data], allow);
  assert.equal(worker.code, 0, worker.stderr);
  const stats = JSON.parse(runCli(["stats", "--json", ...data]).stdout) as { items: number; sections: Record<string, number> };
  assert.equal(stats.items, 2);
  assert.equal(stats.sections["Harbour Board"], 2);

  const list = await runCliAsync(["source", "list", "--json", ...data]);
  const [s] = JSON.parse(list.stdout) as { id: number; state: { items_seen: number; last_success: string | null; consecutive_failures: number } }[];
  assert.equal(s?.state.items_seen, 2);
  assert.ok(s?.state.last_success);
  assert.equal(s?.state.consecutive_failures, 0);
  const human = await runCliAsync(["source", "list", ...data]);
  assert.match(human.stdout, /^ID\s+KIND\s+NAME/);
  assert.match(human.stdout, /\n1\s+feed\s+Harbour Board\s+Harbour Board\s+600s\s+2\s+/);

  // Not due again yet: a second worker run fetches nothing.
  const before = srv.requests.length;
  const again = await runCliAsync(["worker", "--once", ...data], allow);
  assert.equal(again.code, 0);
  assert.equal(srv.requests.length, before);

  const rm = await runCliAsync(["source", "remove", "1", ...data]);
  assert.equal(rm.code, 0);
  assert.match(rm.stdout, /removed source 1; its items stay/);
  const empty = await runCliAsync(["source", "list", ...data]);
  assert.match(empty.stdout, /no sources yet/);
  assert.equal((JSON.parse(runCli(["stats", "--json", ...data]).stdout) as { items: number }).items, 2);
});

test("source commands refuse bad input with one clear line", async () => {
  const tmp = tempDir();
  try {
    const data = ["--data-dir", join(tmp.dir, "data")];
    mkdirSync(join(tmp.dir, "drop"));
    const cases: [string[], number, RegExp][] = [
      [["source", "add", "ftp://harbour.example.org/feed", ...data], 2, /only http and https URLs can be polled, not ftp \[PRESSROOM_E_BAD_REQUEST\]/],
      [["source", "add", join(tmp.dir, "missing"), ...data], 2, /no such folder: .*missing \[PRESSROOM_E_BAD_REQUEST\]/],
      [["source", "add", "https://harbour.example.org/feed", "--interval", "5", ...data], 2, /between 60 and 604800 seconds/],
      [["source", "add", "https://harbour.example.org/feed", "--kind", "carrier-pigeon", ...data], 2, /unknown source kind "carrier-pigeon"/],
      [["source", "add", "https://harbour.example.org/feed", "--kind", "folder", ...data], 2, /a folder source is a folder path, not a URL/],
      [["source", "remove", "abc", ...data], 2, /a source id is a positive whole number/],
    ];
    for (const [args, code, re] of cases) {
      const r = await runCliAsync(args);
      assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
    const ok = await runCliAsync(["source", "add", join(tmp.dir, "drop"), "--kind", "email-folder", ...data]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /added source 1: drop \(email-folder, every 900s\)/);
    const missing = await runCliAsync(["source", "remove", "9", ...data]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no source 9 \(see pressroom source list\) \[PRESSROOM_E_NOT_FOUND\]/);
  } finally {
    tmp.cleanup();
  }
});
