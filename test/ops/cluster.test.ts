/**
 * `pressroom serve --processes N`: several web processes on one port and one database, each
 * answering requests, all stopped gracefully by one signal to the primary.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { tempDir } from "../helpers.js";
import { runCliDb, startServerDb } from "../db.js";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("serve --processes 2: two web processes share the port, and SIGTERM to the primary stops both (exit 0)", async () => {
  const t = tempDir("pressroom-cluster-");
  try {
    const s = await startServerDb(t.dir, ["--processes", "2", "--log-level", "info"]);
    let log = "";
    s.proc.stderr!.on("data", (d) => { log += String(d); });
    s.proc.stdout!.on("data", (d) => { log += String(d); });
    const requestPids = new Set<number>();
    const readPids = () => {
      for (const line of log.split("\n")) {
        if (!line.startsWith("{")) continue;
        const l = JSON.parse(line) as { msg?: string; pid?: number; route?: string };
        if (l.msg === "request" && l.route === "/api/v1/stats" && typeof l.pid === "number") requestPids.add(l.pid);
      }
    };
    // The second web process may still be starting when the first answers: ask until both have
    // answered (new connections are dealt to the processes in turn), for at most a minute.
    const deadline = Date.now() + 60_000;
    for (let i = 0; requestPids.size < 2 && Date.now() < deadline; i++) {
      const r = await fetch(`${s.url}/api/v1/stats`, { headers: { connection: "close" } });
      assert.equal(r.status, 200);
      await r.arrayBuffer();
      await new Promise((res) => setTimeout(res, 50));
      readPids();
    }
    assert.equal(requestPids.size, 2, `requests were answered by ${[...requestPids].join(", ")}\n${log.slice(0, 2000)}`);
    assert.ok(!requestPids.has(s.proc.pid!), "the primary serves nothing itself");
    const code = await Promise.race([s.stop(), new Promise<string>((res) => setTimeout(() => res("still running after 40 s"), 40_000).unref())]);
    if (code !== 0) s.proc.kill("SIGKILL");
    assert.equal(code, 0, log.slice(-2000));
    for (const pid of requestPids) assert.equal(alive(pid), false, `web process ${pid} still runs after the primary exited`);
  } finally {
    t.cleanup();
  }
});

test("serve --processes refuses a count it cannot run, with one clear line", () => {
  const t = tempDir("pressroom-cluster-bad-");
  try {
    for (const bad of ["0", "two", "1.5", "65"]) {
      const r = runCliDb(["serve", "--data-dir", t.dir, "--processes", bad]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr, `pressroom: --processes must be a whole number from 1 to 64, got "${bad}" [PRESSROOM_E_CONFIG]\n`);
    }
  } finally {
    t.cleanup();
  }
});
