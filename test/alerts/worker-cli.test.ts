/**
 * The real product path: `pressroom import` then `pressroom worker --once` (built CLI) with
 * the default webhook sender (safeFetch; loopback allowed through PRESSROOM_FETCH_ALLOW) and
 * the base URL from PRESSROOM_BASE_URL, delivering to a receiver on 127.0.0.1.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { join } from "node:path";
import { systemClock } from "../../src/core/clock.js";
import { openTestStore, testDatabaseEnv } from "../db.js";
import { CLI, tempDir } from "../helpers.js";
import { DOCS, Receiver } from "./fixtures.js";

/** Run the built CLI without blocking this process (the receiver must answer meanwhile). */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The matrix's database for the data folder (PostgreSQL pass: a schema).
    const db = env.PRESSROOM_DATA_DIR ? testDatabaseEnv(env.PRESSROOM_DATA_DIR) : {};
    const p = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: "", ...env, ...db }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    p.stdout.on("data", (d) => { stdout += String(d); });
    p.stderr.on("data", (d) => { stderr += String(d); });
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

test("pressroom worker --once delivers a signed alert for a newly imported item", async () => {
  const { dir, cleanup } = tempDir("pressroom-alerts-cli-");
  const rx = await new Receiver().start();
  try {
    const env = { PRESSROOM_DATA_DIR: dir, PRESSROOM_FETCH_ALLOW: "127.0.0.1", PRESSROOM_BASE_URL: "https://wire.example.org" };
    const store = await openTestStore({ file: join(dir, "pressroom.db"), clock: systemClock });
    const user = await store.accounts.createUser({ name: "alice", role: "reader", password: null });
    const { secret } = await store.alerts.createSavedSearch({ userId: user.id, name: "Reuters on Fordow", query: 'outlet:Reuters "Fordow"', webhookUrl: `${rx.url}/hook` });
    await store.close();

    const imp = await cli(["import", DOCS.almaty, DOCS.chung], env);
    assert.equal(imp.code, 0, imp.stderr);
    const w = await cli(["worker", "--once"], env);
    assert.equal(rx.requests.length, 1, `worker: ${w.code} ${w.stderr}`);
    const r = rx.requests[0]!;
    const ts = String(r.headers["x-pressroom-timestamp"]);
    assert.ok(Math.abs(Number(ts) - Date.now() / 1000) < 600);
    assert.equal(r.headers["x-pressroom-signature"], `sha256=${createHmac("sha256", secret).update(`${ts}.${r.body}`).digest("hex")}`);
    const body = JSON.parse(r.body) as { item: { uri: string; headlines: { value: string }[] } };
    assert.match(body.item.uri, /^https:\/\/wire\.example\.org\/items\//);
    assert.match(body.item.headlines[0]!.value, /Almaty/);

    const again = await cli(["worker", "--once"], env);
    assert.equal(rx.requests.length, 1, `sent once: ${again.stderr}`);
  } finally {
    await rx.stop();
    cleanup();
  }
});
