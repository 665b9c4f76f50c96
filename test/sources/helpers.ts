/** Loopback HTTP servers whose answers tests change over time, and feeds written by us. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock } from "../../src/core/clock.js";
import { openTestStore } from "../db.js";
import type { Store } from "../../src/store/store.js";
import { HostGate } from "../../src/sources/host-gate.js";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A server on 127.0.0.1 with a route table tests replace between polls, and a request log. */
export interface FeedServer {
  base: string;
  routes: Map<string, Handler>;
  requests: { path: string; headers: IncomingMessage["headers"] }[];
  /** Most requests in flight at once (per-host politeness). */
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Handler>();
  const requests: FeedServer["requests"] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const server: Server = createServer((req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on("close", () => { inFlight--; });
    const path = (req.url ?? "/").split("?")[0]!;
    requests.push({ path, headers: req.headers });
    const h = routes.get(path);
    if (!h) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    h(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    routes,
    requests,
    get maxInFlight() { return state.maxInFlight; },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Serve `body` with validators; answer 304 to a matching `If-None-Match`. */
export function feedRoute(body: () => string, opts: { etag?: () => string; contentType?: string } = {}): Handler {
  return (req, res) => {
    const etag = opts.etag?.();
    if (etag && req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": opts.contentType ?? "application/rss+xml; charset=utf-8", ...(etag ? { etag } : {}) });
    res.end(body());
  };
}

export interface FeedItem {
  title?: string;
  guid?: string;
  link?: string;
  date?: string;
  body: string;
}

export function rssFeed(items: FeedItem[], title = "Harbour Board News"): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${title}</title><link>https://harbour.example.org/</link><description>News</description>${items
    .map((i) => `<item>${i.title !== undefined ? `<title>${esc(i.title)}</title>` : ""}${i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ""}${i.link ? `<link>${esc(i.link)}</link>` : ""}${i.date ? `<pubDate>${i.date}</pubDate>` : ""}<description>${esc(i.body)}</description></item>`)
    .join("")}</channel></rss>`;
}

export const T0 = Date.parse("2026-03-02T09:00:00Z");

/** A real store (SQLite or PostgreSQL, test/db.ts) with a fixed clock at {@link T0}, and a temp folder `dir`. */
export async function tempStore(): Promise<{ store: Store; clock: ReturnType<typeof fixedClock>; dir: string; cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "pressroom-sources-"));
  const clock = fixedClock(T0);
  const store = await openTestStore({ clock });
  return { store, clock, dir, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** A host gate that does not wait (tests assert order and exclusion, never time). */
export const noWaitGate = () => new HostGate({ minGapMs: 0 });

/** Poll dependencies for tests: loopback allowed, short time cap. */
export function testDeps(clock: ReturnType<typeof fixedClock>, extra: Record<string, unknown> = {}) {
  return { clock, gate: noWaitGate(), fetchOptions: { allow: ["127.0.0.1"], timeoutMs: 2000 }, ...extra };
}

export const BODIES = [
  "The harbour board approved a second ferry berth on Tuesday after a three-month review of tide tables and traffic.",
  "Night crossings to the outer islands will begin in April, the transport office said in a statement on Monday.",
  "The lighthouse keepers' association elected a new chair at its annual meeting in the old customs house.",
  "Dredging of the north channel will close the marina entrance for two weeks from the first of May.",
];

/** A raw RFC 822 message written by us (plain text, HTML only, or both as multipart/alternative). */
export function message(p: { subject: string; id: string; body?: string; html?: string; date?: string; from?: string }): string {
  const head = [
    `From: ${p.from ?? '"Harbour Board Press Office" <press@harbour.example.org>'}`,
    "To: newsdesk@wire.example.org",
    `Subject: ${p.subject}`,
    `Date: ${p.date ?? "Mon, 2 Mar 2026 08:15:00 +0000"}`,
    `Message-ID: <${p.id}@harbour.example.org>`,
    "MIME-Version: 1.0",
  ];
  if (p.html && !p.body) return [...head, "Content-Type: text/html; charset=utf-8", "", p.html, ""].join("\r\n");
  if (p.html) {
    return [...head, 'Content-Type: multipart/alternative; boundary="b1"', "", "--b1", "Content-Type: text/plain; charset=utf-8", "", p.body, "--b1", "Content-Type: text/html; charset=utf-8", "", p.html, "--b1--", ""].join("\r\n");
  }
  return [...head, "Content-Type: text/plain; charset=utf-8", "", p.body ?? BODIES[0]!, ""].join("\r\n");
}

