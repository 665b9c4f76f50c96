/**
 * Operations endpoints of the publishing server, for load balancers, orchestrators and
 * Prometheus (documented in docs/operations.md). None is in the public navigation, the
 * OpenAPI document or the API rate limit (they are outside `/api/`); every answer is
 * `Cache-Control: no-store`.
 *
 * - `GET /healthz`: the process is alive: 200 `{"status":"ok"}`, never touches the database.
 * - `GET /readyz`: the database answers and its schema is at this version's latest
 *   migration: 200 `{"status":"ready",...}`, else 503 `{"status":"unavailable","reason":...}`.
 * - `GET /metrics`: Prometheus text format (see {@link renderMetrics}); access rule in `access.ts`.
 *
 * It also installs the request hook that feeds the latency histogram and writes one log
 * line per request (request id, method, route pattern, status, duration).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Gauge, Histogram, Registry } from "prom-client";
import type { PublishContext } from "../context.js";
import { CACHE, errorJson, toPublicError } from "../http.js";
import { processRegistry } from "../../ops/metrics.js";
import { queueSnapshot } from "../../ops/queue.js";
import { checkReadiness } from "../../ops/readiness.js";
import { metricsAccessError, metricsPublicFromEnv } from "./access.js";

/** Paths of the operations endpoints (their requests are logged at debug level, not info). */
export const OPS_PATHS = ["/healthz", "/readyz", "/metrics"] as const;

/** Upper bounds of the request latency histogram's buckets, in seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Route label of a request that matched no route (404s of unknown paths): never the raw URL. */
export const UNMATCHED_ROUTE = "(unmatched)";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Options of {@link registerOpsRoutes}. */
export interface OpsOptions {
  /** Serve `/metrics` to everyone (default: `PRESSROOM_METRICS_PUBLIC`, see `access.ts`). */
  metricsPublic?: boolean;
}

/** The per-server metrics (one set per `buildServer`, so test servers do not share counts). */
interface ServerMetrics {
  registry: Registry;
  latency: Histogram<"method" | "route" | "status_class">;
}

function serverMetrics(): ServerMetrics {
  const registry = new Registry();
  return {
    registry,
    latency: new Histogram({
      name: "pressroom_http_request_duration_seconds",
      help: "Time from receiving a request to sending its response, by method, route pattern (e.g. /items/:id; (unmatched) for unknown paths) and status class (2xx..5xx)",
      labelNames: ["method", "route", "status_class"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
  };
}

/**
 * The store-derived gauges, read now (a fresh registry per scrape: when the store does not
 * answer, they are absent rather than stale, and `pressroom_store_up` is 0).
 */
async function storeMetrics(ctx: PublishContext): Promise<Registry> {
  const registry = new Registry();
  const registers = [registry];
  const up = new Gauge({ name: "pressroom_store_up", help: "1 when the store answered this scrape's reads, else 0 (the item and queue metrics are then absent)", registers });
  let values;
  try {
    const now = ctx.clock.now();
    values = { stats: await ctx.store.stats(now), queue: await queueSnapshot(ctx.store, now) };
  } catch {
    up.set(0);
    return registry;
  }
  up.set(1);
  const { stats, queue } = values;
  new Gauge({ name: "pressroom_items", help: "Public items in the archive (store.stats at scrape time)", registers }).set(stats.items);
  const byKind = new Gauge({ name: "pressroom_items_by_kind", help: "Public items by kind (press_release, statement, transcript, ...)", labelNames: ["kind"] as const, registers });
  for (const [kind, n] of Object.entries(stats.kinds)) byKind.set({ kind }, n);
  const depth = new Gauge({
    name: "pressroom_queue_depth",
    help: "Background work waiting: release = held items whose release time has come; alert_delivery = pending webhook deliveries; source_poll = sources due for polling",
    labelNames: ["queue"] as const,
    registers,
  });
  depth.set({ queue: "release" }, queue.releasesDue);
  depth.set({ queue: "alert_delivery" }, queue.alertDeliveriesPending);
  depth.set({ queue: "source_poll" }, queue.sourcesDue);
  new Gauge({ name: "pressroom_scheduler_lag_seconds", help: "Now minus the oldest release time still held and due (0 when none is due): how late the release task is", registers })
    .set(queue.schedulerLagMs / 1000);
  return registry;
}

/**
 * Render every metric (process, server, store) in the Prometheus text exposition format.
 */
async function renderMetrics(ctx: PublishContext, m: ServerMetrics): Promise<{ body: string; contentType: string }> {
  const merged = Registry.merge([processRegistry(), m.registry, await storeMetrics(ctx)]);
  return { body: await merged.metrics(), contentType: merged.contentType };
}

function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  const e = toPublicError(err);
  return reply.code(e.status).header("Cache-Control", CACHE.none).type("application/json; charset=utf-8").send(errorJson(e));
}

/**
 * The URL of a request as logged: path parameters that are capabilities (named like
 * `token` or `secret`, e.g. the WebSub callback `/websub/callback/:token`) are replaced by
 * `[redacted]`, so that log readers cannot replay them.
 */
export function loggedUrl(req: FastifyRequest): string {
  let url = req.url;
  const params = (req.params ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(params)) {
    if (!/token|secret/i.test(k) || typeof v !== "string" || v === "") continue;
    url = url.split(v).join("[redacted]").split(encodeURIComponent(v)).join("[redacted]");
  }
  return url;
}

/** The route pattern of a request, never its raw URL. */
export function routeLabel(req: FastifyRequest): string {
  return req.routeOptions.url ?? UNMATCHED_ROUTE;
}

/**
 * Register `/healthz`, `/readyz`, `/metrics` and the per-request latency and log hook.
 * Call after `registerAuth` (the metrics access rule reads `request.viewer`).
 * @throws PressroomError `PRESSROOM_E_CONFIG` when `PRESSROOM_METRICS_PUBLIC` is not 0/1.
 */
export async function registerOpsRoutes(app: FastifyInstance, ctx: PublishContext, opts: OpsOptions = {}): Promise<void> {
  const metricsPublic = opts.metricsPublic ?? metricsPublicFromEnv();
  const m = serverMetrics();
  const hidden = { schema: { hide: true } };
  const opsPaths = new Set<string>(OPS_PATHS);

  app.addHook("onResponse", async (req, reply) => {
    const route = routeLabel(req);
    const status = reply.statusCode;
    const seconds = reply.elapsedTime / 1000;
    m.latency.observe({ method: METHODS.has(req.method) ? req.method : "OTHER", route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
    const line = { method: req.method, route, url: loggedUrl(req), status, durationMs: Math.round(reply.elapsedTime * 100) / 100 };
    if (opsPaths.has(route)) req.log.debug(line, "request");
    else req.log.info(line, "request");
  });

  // During a graceful shutdown, answers to requests still in flight close their connection,
  // so that a keep-alive client does not hold the closing server open.
  let closing = false;
  app.addHook("preClose", async () => { closing = true; });
  app.addHook("onSend", async (_req, reply, payload) => {
    if (closing) reply.header("Connection", "close");
    return payload;
  });

  app.get("/healthz", hidden, async (_req, reply) => {
    reply.header("Cache-Control", CACHE.none).type("application/json; charset=utf-8");
    return JSON.stringify({ status: "ok" });
  });

  app.get("/readyz", hidden, async (_req, reply) => {
    const r = await checkReadiness(ctx.store);
    reply.header("Cache-Control", CACHE.none).type("application/json; charset=utf-8");
    if (!r.ready) {
      reply.code(503);
      return JSON.stringify({ status: "unavailable", reason: r.reason });
    }
    return JSON.stringify({ status: "ready", migrations: r.migrations });
  });

  app.get("/metrics", hidden, async (req, reply) => {
    const denied = metricsAccessError(req, { metricsPublic });
    if (denied) {
      if (denied.code === "PRESSROOM_E_UNAUTHORIZED") reply.header("WWW-Authenticate", 'Bearer realm="pressroom"');
      return sendError(reply, denied);
    }
    const { body, contentType } = await renderMetrics(ctx, m);
    return reply.header("Cache-Control", CACHE.none).type(contentType).send(body);
  });
}
