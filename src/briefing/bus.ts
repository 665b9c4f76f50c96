/**
 * Notices between processes that serve the same briefings (issue 7 with issue 5's several web
 * processes): after a process applies a command, it publishes `(briefing id, seq)`; the other
 * processes read the new events from the store and push them to their own WebSocket clients.
 * The notice carries no content (the store is the truth), so a lost notice only delays a
 * client until the next one.
 *
 * Implementations: {@link clusterBus} (web processes of one `serve --processes N`, through
 * the primary) and {@link pgBus} (any processes on one PostgreSQL: LISTEN/NOTIFY).
 */
import cluster from "node:cluster";
import pg from "pg";

/** A briefing notice channel between processes. */
export interface BriefingBus {
  /** Tell the other processes that briefing `briefingId` has events up to `seq`. */
  publish(briefingId: string, seq: number): void;
  /** Call `fn` for each notice from another process (never for this process's own). */
  onNotice(fn: (briefingId: string, seq: number) => void): void;
  close(): Promise<void>;
}

/** Message type of a notice; `relay: true` asks the cluster primary (`cli/cluster.ts`) to pass it on. */
export const CLUSTER_NOTICE = "briefing-notice";

/**
 * Between the web processes of one cluster: a notice goes to the primary, which relays it to
 * every other web process. Null outside a cluster's web process.
 */
export function clusterBus(): BriefingBus | null {
  if (cluster.isPrimary || typeof process.send !== "function") return null;
  const listeners = new Set<(id: string, seq: number) => void>();
  const onMessage = (m: unknown) => {
    const n = m as { type?: string; briefingId?: unknown; seq?: unknown } | null;
    if (n?.type !== CLUSTER_NOTICE || typeof n.briefingId !== "string" || typeof n.seq !== "number") return;
    for (const fn of listeners) fn(n.briefingId, n.seq);
  };
  process.on("message", onMessage);
  return {
    publish(briefingId, seq) {
      if (process.connected) process.send!({ type: CLUSTER_NOTICE, relay: true, briefingId, seq });
    },
    onNotice(fn) { listeners.add(fn); },
    async close() { process.off("message", onMessage); listeners.clear(); },
  };
}

/** Channel name of the briefing notices for an archive in `schema` (one channel per archive). */
export function pgChannel(schema: string | null): string {
  return `pressroom_briefings${schema ? `_${schema.toLowerCase()}` : ""}`.slice(0, 63);
}

/**
 * Between any processes on one PostgreSQL database: `NOTIFY` on a channel per archive, one
 * listening connection per process (reconnected with a delay when it breaks).
 * @param connectionString the `pg` connection string (without our `schema` parameter).
 */
export async function pgBus(connectionString: string, schema: string | null, opts: { reconnectMs?: number } = {}): Promise<BriefingBus> {
  const channel = pgChannel(schema);
  const origin = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const listeners = new Set<(id: string, seq: number) => void>();
  let client: pg.Client | null = null;
  let closed = false;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString });
    c.on("notification", (msg) => {
      if (msg.channel !== channel || !msg.payload) return;
      let n: { o?: unknown; b?: unknown; s?: unknown };
      try { n = JSON.parse(msg.payload) as typeof n; } catch { return; }
      if (n.o === origin || typeof n.b !== "string" || typeof n.s !== "number") return;
      for (const fn of listeners) fn(n.b, n.s);
    });
    c.on("error", () => {
      if (closed) return;
      client = null;
      c.end().catch(() => {});
      setTimeout(() => { if (!closed) void connect().catch(() => {}); }, opts.reconnectMs ?? 1_000).unref();
    });
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    client = c;
  };
  await connect();
  return {
    publish(briefingId, seq) {
      const c = client;
      if (!c) return;
      c.query("SELECT pg_notify($1, $2)", [channel, JSON.stringify({ o: origin, b: briefingId, s: seq })]).catch(() => {});
    },
    onNotice(fn) { listeners.add(fn); },
    async close() {
      closed = true;
      listeners.clear();
      const c = client;
      client = null;
      if (c) await c.end().catch(() => {});
    },
  };
}
