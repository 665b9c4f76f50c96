/**
 * A real server with the briefing API on loopback over a real SQLite store (temp folder),
 * the real briefing service, and a WebSocket test client that records every message.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import type { FastifyInstance } from "fastify";
import { systemClock, type Clock } from "../../src/core/clock.js";
import { createBriefingService, type BriefingService } from "../../src/briefing/service.js";
import { createTranscriptPublisher } from "../../src/briefing/publish.js";
import type { BriefingSetup } from "../../src/briefing/types.js";
import { buildServer } from "../../src/publish/server.js";
import { createContext } from "../../src/publish/context.js";
import { registerBriefingRoutes, type BriefingRoutesOptions } from "../../src/publish/briefings/routes.js";
import type { LiveHub } from "../../src/publish/briefings/ws.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/store.js";
import { addUser, bearer } from "../auth-helpers.js";

export const BASE_URL = "https://wire.example.org";

export interface Live {
  app: FastifyInstance;
  store: Store;
  service: BriefingService;
  hub: LiveHub;
  /** http://127.0.0.1:PORT */
  url: string;
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  dir: string;
  /** Close server, service and store (the folder stays; see `remove`). */
  close(): Promise<void>;
  remove(): void;
}

/** Start (or restart on `dir`) a server with the briefing routes. */
export async function startLive(opts: { dir?: string; clock?: Clock; live?: Partial<BriefingRoutesOptions> } = {}): Promise<Live> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "pressroom-live-"));
  const clock = opts.clock ?? systemClock;
  const store = await openSqliteStore({ file: join(dir, "wire.db"), clock });
  const service = createBriefingService({ store: store.briefings, clock, publish: createTranscriptPublisher(store, clock), onError: () => {} });
  await service.start();
  const settings = { apiRateLimit: false as const };
  const app = await buildServer({ store, clock, baseUrl: BASE_URL, settings });
  const hub = await registerBriefingRoutes(app, createContext({ store, clock, baseUrl: BASE_URL, settings }), { service, ...opts.live });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    app, store, service, hub, dir,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await service.close();
      await store.close();
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An editor and a reader with bearer tokens (Authorization header values). */
export async function accounts(store: Store): Promise<{ editor: string; reader: string; admin: string }> {
  await addUser(store, "edna", "editor");
  await addUser(store, "rita", "reader");
  await addUser(store, "adam", "admin");
  return { editor: await bearer(store, "edna"), reader: await bearer(store, "rita"), admin: await bearer(store, "adam") };
}

/** JSON over real HTTP. */
export async function http(live: Live, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const r = await fetch(live.url + path, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null, headers: r.headers };
}

/** A WebSocket client that keeps every message it received. */
export class Client {
  readonly messages: any[] = [];
  private waiters: { pred: (m: any) => boolean; resolve: (m: any) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  closed: { code: number; reason: string } | null = null;
  private closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const m = JSON.parse(data.toString());
      this.messages.push(m);
      for (const w of [...this.waiters]) {
        if (w.pred(m)) {
          clearTimeout(w.timer);
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const f of this.closeWaiters.splice(0)) f(this.closed);
    });
  }

  /** The first message (already received or coming) matching `pred`. */
  next(pred: (m: any) => boolean, timeoutMs = 5000, from = 0): Promise<any> {
    const have = this.messages.slice(from).find(pred);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-5))}`)), timeoutMs);
      this.waiters.push({ pred, resolve, reject, timer });
    });
  }

  /** Send a command and wait for its result. */
  async command(command: Record<string, unknown>): Promise<any> {
    const from = this.messages.length;
    this.ws.send(JSON.stringify({ type: "command", command }));
    return this.next((m) => m.type === "result" && m.commandId === command.commandId, 5000, from);
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  }

  /** Every event received in `events` messages, in order. */
  events(): any[] {
    return this.messages.filter((m) => m.type === "events").flatMap((m) => m.events);
  }

  waitClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("not closed")), timeoutMs);
      this.closeWaiters.push((c) => { clearTimeout(t); resolve(c); });
    });
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.waitClose();
  }
}

/** Open a WebSocket; resolves after `hello`, or rejects with the HTTP status of a refused upgrade (`Error("HTTP 401 ...")`). */
export function connect(live: Live, id: string, opts: { query?: string; headers?: Record<string, string>; protocols?: string[] } = {}): Promise<Client> {
  const url = `${live.wsUrl}/api/v1/briefings/${encodeURIComponent(id)}/live${opts.query ? `?${opts.query}` : ""}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, opts.protocols ?? [], { headers: opts.headers });
    const c = new Client(ws);
    ws.once("unexpected-response", (req, res) => {
      let body = "";
      res.on("data", (d: Buffer) => { body += d.toString(); });
      res.on("end", () => {
        req.destroy(); // ws leaves the request to whoever handles this event
        reject(new Error(`HTTP ${res.statusCode} ${body}`));
      });
    });
    ws.once("error", (e) => reject(e));
    c.next((m) => m.type === "hello").then(() => resolve(c), reject);
  });
}

/** A background briefing set-up written for these tests (names invented). */
export function setupFor(over: Partial<BriefingSetup> = {}): Record<string, unknown> {
  return {
    title: "Background Briefing on the Lantern Canal Reopening",
    section: "Office of Waterways",
    scheduledStart: Date.parse("2026-06-01T15:00:00Z"),
    groundRules: { basis: "on_background", attribute_to: "Senior Waterways Official", embargo: "end_of_call" },
    officials: [{ id: "off1", realName: "Orla Fennimore", label: "SENIOR WATERWAYS OFFICIAL" }],
    moderatorId: "mod",
    operatorId: "op",
    stenographerId: "steno",
    graceMs: 60_000,
    dateline: "WASHINGTON",
    ...over,
  };
}

/** Create a briefing through the API as the editor; returns its id and access code. */
export async function createBriefingVia(live: Live, editor: string, over: Partial<BriefingSetup> = {}): Promise<{ id: string; accessCode: string }> {
  const r = await http(live, "POST", "/api/v1/briefings", setupFor(over), { authorization: editor });
  if (r.status !== 201) throw new Error(`create answered ${r.status}: ${JSON.stringify(r.json)}`);
  return { id: r.json.briefing.id, accessCode: r.json.accessCode };
}

/** Join as a journalist with the access code; returns participant id and token. */
export async function joinVia(live: Live, id: string, accessCode: string, name: string, outlet: string | null): Promise<{ participantId: string; token: string }> {
  const r = await http(live, "POST", `/api/v1/briefings/${id}/participants`, { name, outlet, accessCode });
  if (r.status !== 201) throw new Error(`join answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json;
}
