/**
 * The long-running commands as an operator runs them (built CLI, real processes): JSON log
 * lines on stderr, `--log-level` checked at start, and a graceful SIGTERM that lets an
 * in-flight request finish before `pressroom serve` exits 0.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { join } from "node:path";
import { fixedClock } from "../../src/core/clock.js";
import { tempDir } from "../helpers.js";
import { openTestStore, runCliDb as runCli, startServerDb as startServer } from "../db.js";
import { release } from "../publish/fixtures.js";

/** Parse every non-empty line of `text` as JSON (throws on the first line that is not). */
function jsonLines(text: string): Record<string, unknown>[] {
  return text.split("\n").filter((l) => l.trim() !== "").map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      throw new Error(`not a JSON log line: ${l}`);
    }
  });
}

test("worker --once logs one JSON object per line on stderr; a bad --log-level stops it with one clear line", async () => {
  const t = tempDir("pressroom-ops-cli-");
  try {
    // An item held until an hour ago: the release task releases it and says so.
    const now = Date.now();
    const store = await openTestStore({ file: join(t.dir, "pressroom.db"), clock: fixedClock(now - 2 * 3_600_000) });
    const held = await store.editorial.hold({ input: release, status: "scheduled", releaseAt: now - 3_600_000 }, "ed");
    await store.close();

    const w = runCli(["worker", "--once", "--data-dir", t.dir]);
    assert.equal(w.code, 0, w.stderr);
    assert.equal(w.stdout, "");
    const lines = jsonLines(w.stderr);
    const released = lines.find((l) => String(l.msg).startsWith(`released ${held.held.id} `));
    assert.ok(released, w.stderr);
    assert.equal(released.level, 30);
    assert.equal(released.component, "tasks");
    assert.equal(typeof released.pid, "number");
    assert.match(String(released.time), /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);

    // Another due item, released by a worker at level silent: the work is done, nothing is logged.
    const again = await openTestStore({ file: join(t.dir, "pressroom.db"), clock: fixedClock(now - 2 * 3_600_000) });
    await again.editorial.hold({ input: { ...release, identity: "guid:second-notice", contentHash: "b".repeat(64) }, status: "scheduled", releaseAt: now - 3_600_000 }, "ed");
    await again.close();
    const quiet = runCli(["worker", "--once", "--data-dir", t.dir, "--log-level", "silent"]);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stderr, "");
    assert.equal((JSON.parse(runCli(["stats", "--json", "--data-dir", t.dir]).stdout) as { items: number }).items, 2);

    const bad = runCli(["worker", "--once", "--data-dir", t.dir, "--log-level", "chatty"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^pressroom: log level must be one of fatal, error, warn, info, debug, trace, silent, got "chatty" \(--log-level \/ PRESSROOM_LOG_LEVEL\) \[PRESSROOM_E_CONFIG\]\n$/);
    const badEnv = runCli(["serve", "--data-dir", t.dir, "--port", "0"], { env: { PRESSROOM_LOG_LEVEL: "loud" } });
    assert.equal(badEnv.code, 2);
    assert.match(badEnv.stderr, /log level must be one of .* got "loud"/);
  } finally {
    t.cleanup();
  }
});

/**
 * Open a raw connection and send a request's head with `Expect: 100-continue`; resolves
 * once the server answers `100 Continue` (it has read the head: the request is in flight).
 */
function startRequest(port: number, head: string): Promise<{ sendBody(body: string): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, "127.0.0.1");
    let received = "";
    let continued = false;
    let finish: ((s: string) => void) | null = null;
    sock.on("error", reject);
    sock.on("data", (d) => {
      received += String(d);
      if (!continued && received.includes("100 Continue\r\n\r\n")) {
        continued = true;
        received = "";
        resolve({
          sendBody: (body) => new Promise<string>((res) => {
            finish = res;
            sock.write(body);
          }),
        });
      }
    });
    sock.on("close", () => finish?.(received));
    sock.write(head);
  });
}

test("SIGTERM: serve stops accepting, finishes the in-flight request (201, stored), and exits 0 with JSON logs", async () => {
  const t = tempDir("pressroom-ops-serve-");
  try {
    assert.equal(runCli(["user", "add", "ed", "--role", "editor", "--data-dir", t.dir]).code, 0);
    const tok = runCli(["token", "create", "ed", "--data-dir", t.dir]);
    assert.equal(tok.code, 0, tok.stderr);
    const token = tok.stdout.trim();

    const server = await startServer(t.dir);
    let stderr = "";
    server.proc.stderr!.on("data", (d) => { stderr += String(d); });
    const port = Number(new URL(server.url).port);
    try {
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      const body = JSON.stringify({ headline: "Harbor Office Closes Early on Friday", body_text: "Written for the Pressroom tests. The harbor office closes at noon on Friday." });
      const inflight = await startRequest(port, [
        "POST /api/v1/items HTTP/1.1",
        `Host: 127.0.0.1:${port}`,
        `Authorization: Bearer ${token}`,
        "Content-Type: application/json",
        `Content-Length: ${Buffer.byteLength(body)}`,
        "Expect: 100-continue",
        "", "",
      ].join("\r\n"));

      const exited = new Promise<number | null>((res) => server.proc.once("exit", (c) => res(c)));
      server.proc.kill("SIGTERM");
      // Wait until the server no longer accepts connections (it is shutting down).
      for (;;) {
        const refused = await fetch(`${server.url}/healthz`).then(() => false, () => true);
        if (refused) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(server.proc.exitCode, null, "still running: a request is in flight");

      const answer = await inflight.sendBody(body);
      assert.match(answer, /^HTTP\/1\.1 201 Created\r\n/);
      assert.match(answer, /\r\nconnection: close\r\n/i);
      const item = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as { headlines: { value: string }[] };
      assert.equal(item.headlines[0]!.value, "Harbor Office Closes Early on Friday");
      assert.equal(await exited, 0);
    } finally {
      await server.stop();
    }

    const lines = jsonLines(stderr);
    const msgs = lines.map((l) => String(l.msg));
    assert.ok(msgs.some((m) => m.startsWith("shutting down")), msgs.join("\n"));
    assert.equal(msgs.at(-1), "stopped");
    const post = lines.find((l) => l.msg === "request" && l.method === "POST");
    assert.equal(post?.route, "/api/v1/items");
    assert.equal(post?.status, 201);
    assert.equal(typeof post?.reqId, "string");

    // The item was stored and the store closed cleanly.
    const stats = JSON.parse(runCli(["stats", "--json", "--data-dir", t.dir]).stdout) as { items: number };
    assert.equal(stats.items, 1);
  } finally {
    t.cleanup();
  }
});
