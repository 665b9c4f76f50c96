/** Helpers of the operations tests: a server over a real store (test/db.ts: SQLite or PostgreSQL), and a Prometheus text parser. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { fixedClock } from "../../src/core/clock.js";
import { buildServer, type PublishDeps } from "../../src/publish/server.js";
import { openTestStore } from "../db.js";
import type { Store } from "../../src/store/store.js";

export const T0 = Date.parse("2025-03-01T12:00:00Z");
export const H = 3_600_000;

export interface OpsWire {
  app: FastifyInstance;
  store: Store;
  clock: ReturnType<typeof fixedClock>;
  dir: string;
  close(): Promise<void>;
}

/** A server (not listening: use `app.inject`) over a fresh store (test/db.ts: SQLite or PostgreSQL), and a temp folder `dir`. */
export async function openWire(extra: Partial<PublishDeps> = {}): Promise<OpsWire> {
  const dir = mkdtempSync(join(tmpdir(), "pressroom-ops-"));
  const clock = fixedClock(T0);
  const store = await openTestStore({ clock });
  const app = await buildServer({ store, clock, baseUrl: "https://wire.example.org", siteName: "Harbor Wire", ...extra });
  let closed = false;
  return {
    app, store, clock, dir,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      await store.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One sample of the Prometheus text format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** What {@link parsePrometheus} returns: samples, and the `# TYPE` of each metric family. */
export interface Exposition {
  samples: Sample[];
  types: Map<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:[0-9.eE+-]+|[Nn]a[Nn]|\+Inf|-Inf))(?: -?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy;

/**
 * Parse the Prometheus text exposition format (version 0.0.4) strictly: every line is a
 * `# HELP`, a `# TYPE`, or a sample; anything else throws with the line. NaN is accepted
 * in any case, as Prometheus does (prom-client writes `Nan`).
 */
export function parsePrometheus(text: string): Exposition {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.startsWith("# HELP ")) continue;
    if (line.startsWith("# TYPE ")) {
      const [, , name, type] = line.split(" ");
      if (!name || !type || !["counter", "gauge", "histogram", "summary", "untyped"].includes(type)) throw new Error(`bad TYPE line: ${line}`);
      types.set(name, type);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    if (m[2]) {
      LABEL.lastIndex = 0;
      let consumed = 0;
      for (let l = LABEL.exec(m[2]); l; l = LABEL.exec(m[2])) {
        labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_s, c: string) => (c === "n" ? "\n" : c));
        consumed = LABEL.lastIndex;
      }
      if (consumed !== m[2].length) throw new Error(`bad labels: ${line}`);
    }
    const v = m[3]!;
    samples.push({ name: m[1]!, labels, value: v === "+Inf" ? Infinity : v === "-Inf" ? -Infinity : /^nan$/i.test(v) ? NaN : Number(v) });
  }
  return { samples, types };
}

/** The value of the one sample named `name` whose labels include `labels`; throws when there is none. */
export function valueOf(x: Exposition, name: string, labels: Record<string, string> = {}): number {
  const hit = x.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (hit.length !== 1) throw new Error(`${hit.length} samples of ${name} ${JSON.stringify(labels)}`);
  return hit[0]!.value;
}

/** Scrape `/metrics` from loopback (the default address of `inject`) and parse it. */
export async function scrape(app: FastifyInstance): Promise<Exposition> {
  const r = await app.inject({ method: "GET", url: "/metrics" });
  if (r.statusCode !== 200) throw new Error(`/metrics answered ${r.statusCode}: ${r.body}`);
  return parsePrometheus(r.body);
}
