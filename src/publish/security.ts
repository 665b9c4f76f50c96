/**
 * Hardening of the publishing server: the security headers every response carries, and
 * request rate limits (@fastify/rate-limit) with our error format.
 *
 * Rate limits: the plugin is registered ONCE, with `global: false`, by
 * {@link registerRateLimits}. Every route whose URL starts with `/api/` gets the API limit
 * (settings `apiRateLimit`, default 600 requests per minute per client IP) unless it sets
 * its own `config.rateLimit`. Any other route opts in with its own options, e.g. a login:
 *
 * @example
 * app.post("/login", { config: { rateLimit: { max: 5, timeWindow: 15 * 60_000 } } }, handler);
 * // or, for a check inside a handler (e.g. per user name):
 * const limiter = app.createRateLimit({ max: 5, timeWindow: 15 * 60_000, keyGenerator: (req) => ... });
 *
 * Over the limit the request is refused with 429 `PRESSROOM_E_RATE_LIMITED`, a
 * `Retry-After` header (seconds) and our error body (JSON under `/api/`, an HTML page
 * elsewhere), through the server's error handler.
 */
import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import { PressroomError } from "../core/errors.js";
import { DEFAULT_API_RATE_LIMIT, type PublishSettings } from "./settings.js";

/** HSTS policy sent when the site is served over https: one year. */
export const HSTS = "max-age=31536000";

/**
 * Security headers of every response (the Content-Security-Policy is set beside them in
 * `http.ts`). `Strict-Transport-Security` only when `https` is true: on plain-http
 * development it would be ignored at best and pin a wrong scheme at worst.
 */
export function securityHeaders(opts: { https: boolean }): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    ...(opts.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/** The 429 error every rate limit raises (the error handler renders it in our format). */
function rateLimited(after: string): PressroomError {
  return new PressroomError("PRESSROOM_E_RATE_LIMITED", `too many requests; try again in ${after}`);
}

/**
 * Register @fastify/rate-limit once (`global: false`) and apply the API limit to every
 * `/api/` route registered afterwards. Call before any route module registers routes.
 * @param settings `apiRateLimit` (default {@link DEFAULT_API_RATE_LIMIT}; `false` = no API limit)
 */
export async function registerRateLimits(app: FastifyInstance, settings: PublishSettings): Promise<void> {
  const api = settings.apiRateLimit === undefined ? DEFAULT_API_RATE_LIMIT : settings.apiRateLimit;
  if (api !== false && (!Number.isInteger(api.max) || api.max < 1 || !Number.isFinite(api.timeWindowMs) || api.timeWindowMs < 1)) {
    throw new PressroomError("PRESSROOM_E_CONFIG", `apiRateLimit needs a whole max >= 1 and a timeWindowMs >= 1, got ${JSON.stringify(api)}`);
  }
  await app.register(fastifyRateLimit, {
    global: false,
    // Counters only on a 429: ordinary answers stay identical from one request to the next
    // (caches, ETags and "answers exactly like an unknown id" comparisons depend on it).
    addHeadersOnExceeding: { "x-ratelimit-limit": false, "x-ratelimit-remaining": false, "x-ratelimit-reset": false },
    errorResponseBuilder: (_req, c) => rateLimited(c.after),
  });
  if (api === false) return;
  // One limiter (one counter per IP) shared by every /api/ route: the plugin's per-route
  // config would count each route apart.
  const apiLimiter = app.rateLimit({ max: api.max, timeWindow: api.timeWindowMs });
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/")) return;
    if (route.config && "rateLimit" in route.config && route.config.rateLimit !== undefined) return;
    const hooks = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...hooks, apiLimiter as (typeof hooks)[number]];
  });
}
