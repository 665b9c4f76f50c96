/**
 * The two background tasks of saved-search alerts:
 *
 * - `alerts-match` (every 2 s): for each active saved search with public items past its
 *   cursor, match them in bounded batches (oldest first) and queue one delivery per
 *   matching item, moving the cursor in the same transaction (`AlertStore.matchBatch`).
 * - `alerts-deliver` (every 1 s): claim due deliveries and POST each to its webhook,
 *   signed (see `payload.ts`, `signing.ts`); 2xx = delivered, anything else is retried with
 *   backoff (see `backoff.ts`) or given up.
 *
 * The network is behind {@link WebhookSender}; the default one is `safeFetch` (addresses
 * checked at every request, loopback/private refused unless `PRESSROOM_FETCH_ALLOW`
 * allows them, no redirects followed).
 */
import type { BackgroundTask, TaskContext } from "../worker/tasks.js";
import { isPressroomError } from "../core/errors.js";
import { loadConfig } from "../config/config.js";
import { safeFetch } from "../fetch/safe-fetch.js";
import { createContext } from "../publish/context.js";
import { toNinjs } from "../publish/api/ninjs.js";
import { nextStep } from "./backoff.js";
import { webhookBody, webhookHeaders, type StoredPayload } from "./payload.js";

/** One webhook request as the sender gets it. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Whole exchange time limit, ms. */
  timeoutMs: number;
}

/** The answer that matters: status and headers (names in lower case). The body is ignored. */
export interface WebhookAnswer {
  status: number;
  headers: Record<string, string>;
}

/**
 * POSTs one webhook request. Resolves with any HTTP status; rejects (any error, usually
 * `PRESSROOM_E_FETCH`) when there is no answer: refused address, DNS, timeout, network.
 */
export type WebhookSender = (req: WebhookRequest) => Promise<WebhookAnswer>;

/** Webhook timeout: 10 s. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Most response body bytes read from a webhook (the body is ignored). */
export const WEBHOOK_MAX_BYTES = 64 * 1024;

/**
 * The default sender: `safeFetch` POST, no redirects followed, {@link WEBHOOK_MAX_BYTES}
 * read at most.
 * @param allow Extra allow-list entries on top of `PRESSROOM_FETCH_ALLOW` (tests: `["127.0.0.1"]`).
 */
export function safeWebhookSender(allow: readonly string[] = []): WebhookSender {
  return async (req) => {
    const r = await safeFetch(req.url, {
      method: "POST",
      headers: req.headers,
      body: req.body,
      maxRedirects: 0,
      maxBytes: WEBHOOK_MAX_BYTES,
      timeoutMs: req.timeoutMs,
      allow,
    });
    return { status: r.status, headers: r.headers };
  };
}

/** Options of {@link alertTasks}; every one has a default. */
export interface AlertTaskOptions {
  /** Public base URL for item links in payloads. Default: the task context's, else the configuration's (`PRESSROOM_BASE_URL`). */
  baseUrl?: string;
  /** How requests are sent (default {@link safeWebhookSender}). */
  send?: WebhookSender;
  /** Extra allow-list entries for the default sender. */
  allow?: readonly string[];
  /** Random numbers in [0, 1) for backoff jitter (default `Math.random`). */
  random?: () => number;
  /** Items examined per transaction (default 200). */
  batch?: number;
  /** Batches per saved search per run (default 20), so one run stays short. */
  maxBatchesPerRun?: number;
  /** Deliveries claimed per run, sent concurrently (default 10). */
  deliveriesPerRun?: number;
  /** Per-request time limit, ms (default {@link WEBHOOK_TIMEOUT_MS}). */
  timeoutMs?: number;
}

function baseUrlOf(ctx: TaskContext, opts: AlertTaskOptions): string {
  if (opts.baseUrl) return opts.baseUrl;
  if (ctx.baseUrl) return ctx.baseUrl;
  try {
    return loadConfig().baseUrl;
  } catch {
    return "http://localhost:8080";
  }
}

/**
 * One round of matching: every saved search that is behind is brought up to date (at
 * most `maxBatchesPerRun` batches each). Returns the number of deliveries queued.
 */
export async function runAlertMatching(ctx: TaskContext, opts: AlertTaskOptions = {}): Promise<number> {
  const ids = await ctx.store.alerts.searchesBehind();
  if (ids.length === 0) return 0;
  const pub = createContext({ store: ctx.store, clock: ctx.clock, baseUrl: baseUrlOf(ctx, opts) });
  const build = (item: Parameters<typeof toNinjs>[1], slug: string | null) => toNinjs(pub, item, slug);
  let queued = 0;
  for (const id of ids) {
    for (let i = 0; i < (opts.maxBatchesPerRun ?? 20); i++) {
      try {
        const r = await ctx.store.alerts.matchBatch(id, opts.batch ?? 200, build);
        queued += r.queued;
        if (r.paused) ctx.log(`alerts-match: paused saved search ${id}: ${r.paused}`);
        if (r.done) break;
      } catch (e) {
        ctx.log(`alerts-match: saved search ${id}: ${e instanceof Error ? e.message : String(e)}`);
        break;
      }
    }
  }
  return queued;
}

/** Host of a URL for log lines (never the path or query, which may hold secrets). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "?";
  }
}

/**
 * One round of delivery: claim due deliveries and send them concurrently. Returns how
 * many were delivered in this round.
 */
export async function runAlertDelivery(ctx: TaskContext, opts: AlertTaskOptions = {}): Promise<number> {
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const send = opts.send ?? safeWebhookSender(opts.allow ?? []);
  const random = opts.random ?? Math.random;
  // The lease outlasts the slowest request of the round, so no second worker sends it meanwhile.
  const claimed = await ctx.store.alerts.claimDue(ctx.clock.now(), opts.deliveriesPerRun ?? 10, timeoutMs * 6);
  let delivered = 0;
  await Promise.all(claimed.map(async (d) => {
    let status: number | null = null;
    let retryAfter: string | undefined;
    let error = "";
    try {
      const stored = JSON.parse(d.payload) as StoredPayload;
      const body = webhookBody(d.id, stored);
      const headers = webhookHeaders(d.id, body, d.secret, ctx.clock.now());
      const answer = await send({ url: d.webhookUrl, headers, body, timeoutMs });
      status = answer.status;
      retryAfter = answer.headers["retry-after"];
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = isPressroomError(e) ? e.message : `could not send: ${e instanceof Error ? e.message : String(e)}`;
    }
    const now = ctx.clock.now();
    const step = nextStep(status, d.attempts, now, retryAfter, random());
    try {
      if (step.kind === "delivered") {
        await ctx.store.alerts.finishAttempt(d.id, { status: "delivered", httpStatus: status!, at: now });
        delivered++;
      } else if (step.kind === "retry") {
        await ctx.store.alerts.finishAttempt(d.id, { status: "pending", httpStatus: status, error, nextAttemptAt: step.nextAttemptAt });
      } else {
        await ctx.store.alerts.finishAttempt(d.id, { status: "failed", httpStatus: status, error });
        ctx.log(`alerts-deliver: gave up delivery ${d.id} to ${hostOf(d.webhookUrl)} after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}: ${error}`);
      }
    } catch (e) {
      ctx.log(`alerts-deliver: delivery ${d.id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }));
  return delivered;
}

/** The alert tasks, `alerts-match` then `alerts-deliver`, for `backgroundTasks()`. */
export function alertTasks(opts: AlertTaskOptions = {}): BackgroundTask[] {
  return [
    { name: "alerts-match", intervalMs: 2000, run: async (ctx) => { await runAlertMatching(ctx, opts); } },
    { name: "alerts-deliver", intervalMs: 1000, run: async (ctx) => { await runAlertDelivery(ctx, opts); } },
  ];
}
