/**
 * Presence of journalists across web processes (R1 defect 2): two servers on one database
 * (a SQLite file, or a PostgreSQL schema in the PostgreSQL pass), each with its own briefing service and live hub, as
 * `serve --processes 2` or two hosts run them. A journalist connected to both is not dropped
 * when one connection closes; the journalists of a process that went away (restart, kill -9:
 * its heartbeat stops) are dropped once, by whichever process sweeps first, unless they
 * came back elsewhere.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../../src/core/clock.js";
import { createBriefingService } from "../../src/briefing/service.js";
import { createTranscriptPublisher } from "../../src/briefing/publish.js";
import { buildServer } from "../../src/publish/server.js";
import { createContext } from "../../src/publish/context.js";
import { registerBriefingRoutes } from "../../src/publish/briefings/routes.js";
import { openStoreOn, rawQuery, TEST_DIALECT, type TestDialect } from "../db.js";
import { accounts, BASE_URL, connect, createBriefingVia, joinVia, type Live } from "./live-fixtures.js";

const TIMING = { presenceHeartbeatMs: 100, presenceStaleMs: 400 };

/** One "web process": its own store handle, service, server and hub, on the database named by `key`. */
async function startOn(dialect: TestDialect, key: string): Promise<Live> {
  const store = await openStoreOn(dialect, { file: key, clock: systemClock });
  const service = createBriefingService({ store: store.briefings, clock: systemClock, publish: createTranscriptPublisher(store, systemClock), onError: () => {} });
  await service.start();
  const settings = { apiRateLimit: false as const };
  const app = await buildServer({ store, clock: systemClock, baseUrl: BASE_URL, settings });
  const hub = await registerBriefingRoutes(app, createContext({ store, clock: systemClock, baseUrl: BASE_URL, settings }), { service, ...TIMING });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    app, store, service, hub, dir: key,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await service.close();
      await store.close();
    },
    remove: () => {},
  };
}

const asJournalist = (token: string) => ({ protocols: ["pressroom.v1", `pressroom.token.${token}`] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stored connection of `participant` (fresh from the database, not a cache). */
async function connection(live: Live, id: string, participant: string) {
  return (await live.store.briefings.state(id))!.connections[participant];
}

async function until(what: string, ok: () => Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await sleep(50);
  }
}

async function drops(live: Live, id: string): Promise<{ commandId: string; participant: string }[]> {
  return (await live.store.briefings.log(id)).filter((e: any) => e.command.type === "drop").map((e: any) => ({ commandId: e.command.commandId, participant: e.command.participant }));
}

// The dialect of this pass (scripts/run-tests.mjs runs the file on SQLite, then on PostgreSQL).
for (const dialect of [TEST_DIALECT]) {
  describe(`presence across two web processes (${dialect})`, () => {
    let dir = "";
    const keyOf = () => {
      dir = mkdtempSync(join(tmpdir(), "pressroom-presence-"));
      return join(dir, "wire.db");
    };

    it("a journalist connected to both processes stays connected when one connection closes; dropped when the last does", async () => {
      const key = keyOf();
      const a = await startOn(dialect, key);
      const b = await startOn(dialect, key);
      try {
        const auth = await accounts(a.store);
        const { id, accessCode } = await createBriefingVia(a, auth.editor);
        const j = await joinVia(a, id, accessCode, "Nell Ashgrove", "Canal Courier");
        const onA = await connect(a, id, asJournalist(j.token));
        const onB = await connect(b, id, asJournalist(j.token));
        await onA.close();
        await sleep(3 * TIMING.presenceStaleMs); // several heartbeats and sweeps on both
        await a.hub.sweepPresence();
        await b.hub.sweepPresence();
        assert.equal((await connection(a, id, j.participantId))?.status, "connected", "still connected through process B");
        assert.deepEqual(await drops(a, id), []);

        await onB.close();
        await until("the journalist is dropped once no process holds them", async () => (await connection(a, id, j.participantId))?.status === "dropped");
        const d = await drops(a, id);
        assert.equal(d.length, 1);
        assert.match(d[0]!.commandId, new RegExp(`^drop-${j.participantId}-\\d+$`));
        const rows = await rawQuery(a.store, "SELECT * FROM briefing_presence");
        assert.deepEqual(rows, [], "no presence row left");
      } finally {
        await a.close();
        await b.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("a process whose rows were swept while it stalled claims its journalists again and rejoins them", async () => {
      const key = keyOf();
      const a = await startOn(dialect, key);
      try {
        const auth = await accounts(a.store);
        const { id, accessCode } = await createBriefingVia(a, auth.editor);
        const j = await joinVia(a, id, accessCode, "Nell Ashgrove", "Canal Courier");
        const c = await connect(a, id, asJournalist(j.token));
        await until("A recorded the journalist", async () => (await rawQuery(a.store, "SELECT participant FROM briefing_presence")).length === 1);
        // what another process's sweep does to a stalled process: its rows deleted, the journalist dropped
        await rawQuery(a.store, "DELETE FROM briefing_presence");
        const since = (await connection(a, id, j.participantId)) as { since: number };
        const r = await a.service.command(id, { commandId: `drop-${j.participantId}-${since.since}`, actor: { id: "system", role: "system" }, type: "drop", participant: j.participantId });
        assert.equal(r.ok, true);
        await until("A's next heartbeat claims the journalist again and rejoins them", async () => (await connection(a, id, j.participantId))?.status === "connected");
        await c.next((m) => m.type === "events" && m.events.some((e: any) => e.type === "connection_restored"));
        assert.deepEqual((await rawQuery<{ holder: string }>(a.store, "SELECT holder FROM briefing_presence")).map((x) => x.holder), [a.hub.holder]);
        await c.close();
      } finally {
        await a.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("a process that goes away: its journalists who do not come back are dropped once by the other; one who reconnected is not", async () => {
      const key = keyOf();
      let a = await startOn(dialect, key);
      const b = await startOn(dialect, key);
      try {
        const auth = await accounts(a.store);
        const { id, accessCode } = await createBriefingVia(a, auth.editor);
        const gone = await joinVia(a, id, accessCode, "Nell Ashgrove", "Canal Courier");
        const back = await joinVia(a, id, accessCode, "Tobias Wren", null);
        const c1 = await connect(a, id, asJournalist(gone.token));
        const c2 = await connect(a, id, asJournalist(back.token));
        await until("A recorded both", async () => (await rawQuery(a.store, "SELECT participant FROM briefing_presence")).length === 2);
        const since = (await connection(a, id, gone.participantId)) as { status: "connected"; since: number };
        await a.close(); // a restart (or kill -9): A stops heartbeating, its rows stay
        await c1.waitClose();
        await c2.waitClose();
        const c2b = await connect(b, id, asJournalist(back.token)); // comes back, to B
        await until("B's sweep drops the journalist who did not come back", async () => (await connection(b, id, gone.participantId))?.status === "dropped");
        // more sweeps (B's, and a restarted A's at start) change nothing
        a = await startOn(dialect, key);
        await Promise.all([a.hub.sweepPresence(), b.hub.sweepPresence(), b.hub.sweepPresence()]);
        await sleep(2 * TIMING.presenceStaleMs);
        assert.deepEqual(await drops(b, id), [{ commandId: `drop-${gone.participantId}-${since.since}`, participant: gone.participantId }]);
        assert.equal((await connection(b, id, back.participantId))?.status, "connected");
        const rows = await rawQuery<{ participant: string; holder: string }>(b.store, "SELECT participant, holder FROM briefing_presence");
        assert.deepEqual(rows.map((r) => [r.participant, r.holder]), [[back.participantId, b.hub.holder]]);
        await c2b.close();
      } finally {
        await a.close();
        await b.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
