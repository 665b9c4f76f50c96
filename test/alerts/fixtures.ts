/**
 * Shared set-up for the alerts tests: a real store (SQLite or PostgreSQL, test/db.ts) with a fixed
 * clock, a real webhook receiver on 127.0.0.1 (node:http) whose answers a test scripts,
 * and the alert tasks run once through the worker's runner.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { join } from "node:path";
import { fixedClock } from "../../src/core/clock.js";
import { openTestStore } from "../db.js";
import type { Store } from "../../src/store/store.js";
import { alertTasks, type AlertTaskOptions } from "../../src/alerts/tasks.js";
import { runTasksOnce } from "../../src/worker/runner.js";
import { CORPUS } from "../helpers.js";

export const T0 = Date.parse("2025-03-01T12:00:00Z");
export const BASE_URL = "https://wire.example.org";

/** Real corpus documents used by the alerts tests. */
export const DOCS = {
  /** Background briefing: Reuters (Arshad Mohammed) asks about Fordow. */
  almaty: join(CORPUS, "seed", "almaty-background-briefing.txt"),
  /** Press briefing that mentions Fordow, not in a Reuters exchange. */
  feb2022: join(CORPUS, "state-briefings", "2022-02-08-department-press-briefing-february-7-2022.xml"),
  /** Briefing with a Reuters questioner, no Fordow. */
  chung: join(CORPUS, "state-briefings", "2021-05-27-briefing-with-acting-assistant-secretary-for-western-hemisphere-affairs-julie-chung-on-the.xml"),
  /** A press release: neither. */
  release: join(CORPUS, "state-press-releases", "2021-06-10-deputy-secretary-shermans-meeting-with-republic-of-korea-vice-foreign-minister-choi.xml"),
};

export interface TestWire {
  store: Store;
  clock: ReturnType<typeof fixedClock>;
  logs: string[];
  /** Run every alert task once (match, then deliver). */
  runAlerts(): Promise<string[]>;
  close(): Promise<void>;
}

/** A fresh test store (test/db.ts: SQLite or PostgreSQL) at {@link T0} and the alert tasks (loopback allowed, no jitter). */
export async function openWire(opts: AlertTaskOptions = {}): Promise<TestWire> {
  const clock = fixedClock(T0);
  const store = await openTestStore({ clock });
  const logs: string[] = [];
  const tasks = alertTasks({ allow: ["127.0.0.1"], baseUrl: BASE_URL, random: () => 0, ...opts });
  return {
    store,
    clock,
    logs,
    runAlerts: () => runTasksOnce(tasks, { store, clock, log: (m) => logs.push(m) }),
    close: () => store.close(),
  };
}

/** One request the receiver got. */
export interface Received {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers: a status and optional headers. */
export type Answer = { status: number; headers?: Record<string, string> };

/** A webhook receiver on 127.0.0.1: records every request; `answer` decides the reply (default 200). */
export class Receiver {
  readonly requests: Received[] = [];
  answer: (r: Received, n: number) => Answer = () => ({ status: 200 });
  private server: Server | null = null;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const r: Received = { path: req.url ?? "", method: req.method ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        this.requests.push(r);
        const a = this.answer(r, this.requests.length);
        res.writeHead(a.status, { "content-type": "text/plain", ...(a.headers ?? {}) });
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const addr = this.server.address();
    this.url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    return this;
  }

  /** Requests to one path. */
  at(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
