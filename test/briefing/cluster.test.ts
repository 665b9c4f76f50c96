/**
 * A live briefing served by two web processes (`serve --processes 2`) on one archive: a
 * command applied by one process reaches WebSocket clients of the other (cluster relay on
 * SQLite, LISTEN/NOTIFY on PostgreSQL), in order, once each.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { tempDir } from "../helpers.js";
import { runCliDb, startServerDb } from "../db.js";
import { Client, setupFor } from "./live-fixtures.js";

function open(url: string, headers: Record<string, string>): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new Client(new WebSocket(url, { headers }));
    c.ws.once("error", reject);
    c.next((m) => m.type === "hello", 15_000).then(() => resolve(c), reject);
  });
}

test("two web processes: every operator console sees every hand, whichever process applied it", async () => {
  const t = tempDir("pressroom-briefing-cluster-");
  const clients: Client[] = [];
  let server: Awaited<ReturnType<typeof startServerDb>> | null = null;
  try {
    assert.equal(runCliDb(["user", "add", "edna", "--role", "editor", "--data-dir", t.dir]).code, 0);
    const tok = runCliDb(["token", "create", "edna", "--data-dir", t.dir]);
    assert.equal(tok.code, 0, tok.stderr);
    const editor = { authorization: `Bearer ${tok.stdout.trim()}` };
    server = await startServerDb(t.dir, ["--processes", "2", "--log-level", "warn"]);
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const r = await fetch(server!.url + path, { method: "POST", headers: { "content-type": "application/json", connection: "close", ...headers }, body: JSON.stringify(body) });
      return { status: r.status, json: (await r.json()) as any };
    };
    const created = await post("/api/v1/briefings", setupFor(), editor);
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = created.json.briefing.id as string;
    const ws = `${server.url.replace("http:", "ws:")}/api/v1/briefings/${id}/live`;
    // Consecutive connections are dealt to the two processes in turn: four consoles span both.
    for (let i = 0; i < 4; i++) clients.push(await open(`${ws}?as=operator`, editor));

    assert.equal((await post(`/api/v1/briefings/${id}/commands`, { commandId: "m-open", type: "open", as: "moderator" }, editor)).status, 200);
    const hands: string[] = [];
    for (let i = 0; i < 6; i++) {
      const j = await post(`/api/v1/briefings/${id}/participants`, { name: `Reporter ${i}`, outlet: `Outlet ${i}`, accessCode: created.json.accessCode });
      assert.equal(j.status, 201, JSON.stringify(j.json));
      const r = await post(`/api/v1/briefings/${id}/commands`, { commandId: `raise-${i}`, type: "raise_hand" }, { "x-participant-token": j.json.token });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      hands.push(j.json.participantId);
    }
    for (const c of clients) {
      await c.next((m) => m.type === "events" && m.events.some((e: any) => e.type === "hand_raised" && e.participant === hands[5]), 15_000);
      const raised = c.events().filter((e) => e.type === "hand_raised").map((e) => e.participant);
      assert.deepEqual(raised, hands, "every hand, in the order raised, once");
      const seqs = c.events().map((e) => e.seq);
      assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), "in seq order");
      assert.equal(new Set(seqs).size, seqs.length, "no event twice");
    }
  } finally {
    for (const c of clients) c.ws.terminate();
    if (server) assert.equal(await server.stop(), 0);
    t.cleanup();
  }
});
