import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ERROR_CODES, isPressroomError, type ErrorCode } from "../core/errors.js";
import { securityHeaders } from "./security.js";

/** The one place that maps an error code to an HTTP status. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  PRESSROOM_E_BAD_REQUEST: 400,
  PRESSROOM_E_BAD_QUERY: 400,
  PRESSROOM_E_NOT_FOUND: 404,
  PRESSROOM_E_TOO_LARGE: 413,
  PRESSROOM_E_UNSUPPORTED: 415,
  PRESSROOM_E_UNREADABLE: 422,
  PRESSROOM_E_EMPTY: 422,
  PRESSROOM_E_BINARY: 422,
  PRESSROOM_E_TRUNCATED: 422,
  PRESSROOM_E_UNAUTHORIZED: 401,
  PRESSROOM_E_FORBIDDEN: 403,
  PRESSROOM_E_CONFLICT: 409,
  PRESSROOM_E_RATE_LIMITED: 429,
  PRESSROOM_E_GROUND_RULES: 422,
  PRESSROOM_E_FETCH: 502,
  PRESSROOM_E_CONFIG: 500,
  PRESSROOM_E_INTERNAL: 500,
  PRESSROOM_E_DATABASE: 503,
};

/** An error as every surface reports it: a stable code, a safe one-line message, a status. */
export interface PublicError {
  status: number;
  code: ErrorCode;
  message: string;
}

/**
 * Turn anything thrown into a {@link PublicError}. Messages of unexpected errors are never
 * shown (they may carry internals); request-level fastify errors keep their 4xx status.
 */
export function toPublicError(err: unknown): PublicError {
  if (isPressroomError(err)) {
    return { status: HTTP_STATUS[err.code] ?? 500, code: err.code, message: err.message };
  }
  const e = err as { validation?: unknown; statusCode?: number; message?: string; code?: string } | null;
  if (e && e.validation) {
    return { status: 400, code: "PRESSROOM_E_BAD_REQUEST", message: e.message ?? ERROR_CODES.PRESSROOM_E_BAD_REQUEST };
  }
  if (e && typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
    if (e.statusCode === 404) return { status: 404, code: "PRESSROOM_E_NOT_FOUND", message: "not found" };
    if (e.statusCode === 413) return { status: 413, code: "PRESSROOM_E_TOO_LARGE", message: "request is too large" };
    if (e.statusCode === 415) return { status: 415, code: "PRESSROOM_E_UNSUPPORTED", message: "unsupported media type" };
    if (e.statusCode === 429) return { status: 429, code: "PRESSROOM_E_RATE_LIMITED", message: ERROR_CODES.PRESSROOM_E_RATE_LIMITED };
    return { status: e.statusCode, code: "PRESSROOM_E_BAD_REQUEST", message: e.message ?? ERROR_CODES.PRESSROOM_E_BAD_REQUEST };
  }
  return { status: 500, code: "PRESSROOM_E_INTERNAL", message: ERROR_CODES.PRESSROOM_E_INTERNAL };
}

/** JSON body of an API error. */
export function errorJson(e: PublicError): { error: { code: ErrorCode; message: string } } {
  return { error: { code: e.code, message: e.message } };
}

/** Content-Security-Policy: only our own origin plus inline styles; no plugins, no framing. */
export const CSP = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Cache policies, named by what they cover. Freshness is a few seconds so that a release at
 * its embargo time, a correction or a withdrawal reaches browsers and shared caches within
 * seconds (issue 4); after that, caches revalidate with the ETag and get a cheap 304.
 */
export const CACHE = {
  page: "public, max-age=5, must-revalidate",
  item: "public, max-age=5, must-revalidate",
  feed: "public, max-age=5, must-revalidate",
  api: "public, max-age=5, must-revalidate",
  none: "no-store",
} as const;

/**
 * Security headers on every response (CSP plus `securityHeaders` of `security.ts`: HSTS
 * only when `opts.https`), and a weak ETag with `If-None-Match` → 304 on
 * successful GET/HEAD responses that carry a body. Responses without a Cache-Control
 * get `no-cache`.
 */
export function installHttpHooks(app: FastifyInstance, opts: { https?: boolean } = {}): void {
  const headers = securityHeaders({ https: opts.https === true });
  app.addHook("onSend", async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    reply.header("Content-Security-Policy", CSP);
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    if (!reply.hasHeader("cache-control")) reply.header("Cache-Control", reply.statusCode >= 400 ? CACHE.none : "no-cache");
    if ((req.method === "GET" || req.method === "HEAD") && reply.statusCode === 200 && (typeof payload === "string" || Buffer.isBuffer(payload))) {
      const given = reply.getHeader("etag");
      const tag = typeof given === "string" ? given : weakEtag(payload);
      reply.header("ETag", tag);
      const inm = req.headers["if-none-match"];
      if (inm && inm.split(",").some((t) => t.trim() === tag || t.trim() === "*")) {
        reply.code(304);
        reply.removeHeader("content-length");
        return "";
      }
    }
    return payload;
  });
}

/** A weak ETag over a response body. */
export function weakEtag(body: string | Buffer): string {
  return `W/"${createHash("sha1").update(body).digest("base64url")}"`;
}

/** True when the request is for the JSON API (errors answer in JSON there, in HTML elsewhere). */
export function isApiRequest(url: string): boolean {
  return url === "/api/v1" || url.startsWith("/api/");
}
