/**
 * Authentication for the publishing server: resolves every request's {@link Viewer}
 * (session cookie for the web, `Authorization: Bearer` token for the API), CSRF tokens for
 * forms, role checks, the sign-in and sign-out routes, and the admin pages.
 *
 * - Bearer: `Authorization: Bearer prt_...`. A token that is unknown, revoked or whose user
 *   was removed answers 401 `PRESSROOM_E_UNAUTHORIZED` (never silently "public"), as does
 *   any other authorisation scheme. Bearer requests need no CSRF token.
 * - Session: cookie `pressroom_session` (HttpOnly, SameSite=Lax, Path=/, Secure when
 *   `settings.secureCookies`, default: the base URL is https). The server keeps only the
 *   SHA-256 of the value; a session lapses 12 h after its last use. A stale cookie is
 *   cleared and the request is public.
 * - CSRF: every POST/PUT/PATCH/DELETE authenticated by the session cookie must carry the
 *   session's CSRF token (form field `_csrf` or header `X-CSRF-Token`), else 403
 *   `PRESSROOM_E_FORBIDDEN`. The token is an HMAC-SHA256 keyed by the session secret
 *   (see `accounts/secrets.ts`): bound to the session, no server state or extra cookie,
 *   valid across restarts, dead when the session ends. A hook enforces it for every route
 *   (a route opts out with `config: { csrf: false }`), so no form can forget it;
 *   {@link verifyCsrf} is the same check for routes that want to say so explicitly.
 * - Every response to a signed-in viewer is `Cache-Control: private, no-store`; every
 *   response carries `Vary: Cookie, Authorization` (what a page shows depends on them);
 *   except static assets (route config `asset: true`: the style sheet, the briefing client
 *   script), which are the same for everyone.
 * - Sign-in is throttled (see `throttle.ts`) and audited (`login.ok`, `login.fail`).
 */
import fastifyCookie from "@fastify/cookie";
import fastifyFormbody from "@fastify/formbody";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { PUBLIC_VIEWER, hasRole, type Role, type UserViewer, type Viewer } from "../../core/access.js";
import { PressroomError } from "../../core/errors.js";
import { csrfMatches, csrfTokenFor } from "../../accounts/secrets.js";
import type { PublishContext } from "../context.js";
import { registerLoginRoutes } from "./login-routes.js";
import { registerAdminRoutes } from "./admin-routes.js";
import { ACCOUNT_SLOT, accountSlotHtml } from "./slot.js";

const ACCOUNT_SLOT_BYTES = Buffer.from(ACCOUNT_SLOT, "utf8");

declare module "fastify" {
  interface FastifyRequest {
    /** Who is asking; the public unless a valid session or bearer token says otherwise. */
    viewer: Viewer;
  }
}

/** Name of the session cookie. */
export const SESSION_COOKIE = "pressroom_session";
/** Cache policy of every response to a signed-in viewer. */
export const PRIVATE_CACHE = "private, no-store";

/** The raw session token of requests authenticated by cookie (never stored server-side). */
const sessionTokens = new WeakMap<FastifyRequest, string>();

/** Cookie attributes of the session cookie for this server. */
export function sessionCookieOptions(ctx: PublishContext) {
  const secure = ctx.settings.secureCookies ?? ctx.baseUrl.startsWith("https:");
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/" };
}

/** Remember the session token behind a request's viewer (used by the login route after sign-in). */
export function bindSession(req: FastifyRequest, token: string | null): void {
  if (token === null) sessionTokens.delete(req);
  else sessionTokens.set(req, token);
}

function unauthorized(reply: FastifyReply, message: string): PressroomError {
  reply.header("WWW-Authenticate", 'Bearer realm="pressroom", error="invalid_token"');
  return new PressroomError("PRESSROOM_E_UNAUTHORIZED", message);
}

/** A route marked `config: { asset: true }`: a static file, the same for every viewer (cacheable by anyone, no `Vary`). */
function isAsset(req: FastifyRequest): boolean {
  return (req.routeOptions?.config as { asset?: boolean } | undefined)?.asset === true;
}

function addVary(reply: FastifyReply, names: string[]): void {
  const have = String(reply.getHeader("vary") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const lower = new Set(have.map((s) => s.toLowerCase()));
  for (const n of names) if (!lower.has(n.toLowerCase())) have.push(n);
  reply.header("Vary", have.join(", "));
}

/** Register the auth hooks and the login/logout pages. Must run before any route module. */
export async function registerAuth(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  app.decorateRequest("viewer", null as never);

  app.addHook("onRequest", async (req, reply) => {
    req.viewer = PUBLIC_VIEWER;
    // Static assets (route config `asset: true`) are the same for everyone: no session look-up.
    if (isAsset(req)) return;
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(auth);
      if (!m) throw unauthorized(reply, "the Authorization header must be: Bearer TOKEN");
      const v = await ctx.store.accounts.tokenViewer(m[1]!);
      if (!v) throw unauthorized(reply, "the bearer token is not valid (unknown, revoked, or its user was removed)");
      req.viewer = v;
    } else {
      const token = req.cookies[SESSION_COOKIE];
      if (token !== undefined && token !== "") {
        const v = await ctx.store.accounts.sessionViewer(token);
        if (v) {
          req.viewer = v;
          sessionTokens.set(req, token);
        } else {
          // A lapsed or revoked session: forget the cookie, carry on as the public.
          reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(ctx));
        }
      }
    }
    // Signed-in pages differ from the public ones: never answer 304 from a shared validator.
    if (req.viewer.kind === "user") delete req.headers["if-none-match"];
  });

  // CSRF for every state-changing request that a browser could send with the cookie alone.
  app.addHook("preHandler", async (req) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return;
    if (req.is404) return;
    const cfg = req.routeOptions.config as { csrf?: boolean } | undefined;
    if (cfg?.csrf === false) return;
    checkCsrf(req);
  });

  app.addHook("onSend", async (req, reply, payload) => {
    if (isAsset(req)) return payload;
    addVary(reply, ["Cookie", "Authorization"]);
    const v = req.viewer ?? PUBLIC_VIEWER;
    if (v.kind === "user") {
      reply.header("Cache-Control", PRIVATE_CACHE);
      reply.removeHeader("etag");
    }
    if (!String(reply.getHeader("content-type") ?? "").startsWith("text/html")) return payload;
    if (typeof payload === "string" && payload.includes(ACCOUNT_SLOT)) {
      const slot = accountSlotHtml(v, csrfToken(req));
      return payload.replace(ACCOUNT_SLOT, () => slot); // a function: no `$` patterns in the replacement
    }
    // Pages kept rendered as UTF-8 (the item page cache) are filled in without decoding them.
    if (Buffer.isBuffer(payload)) {
      const at = payload.indexOf(ACCOUNT_SLOT_BYTES);
      if (at >= 0) return Buffer.concat([payload.subarray(0, at), Buffer.from(accountSlotHtml(v, csrfToken(req)), "utf8"), payload.subarray(at + ACCOUNT_SLOT_BYTES.length)]);
    }
    return payload;
  });

  await registerLoginRoutes(app, ctx);
  await registerAdminRoutes(app, ctx);
}

/**
 * A preHandler that lets only users of `role` or higher through.
 * Throws `PRESSROOM_E_UNAUTHORIZED` (401) for the public, `PRESSROOM_E_FORBIDDEN` (403) for a
 * user with a lower role.
 */
export function requireRole(role: Role) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (req.viewer.kind !== "user") throw new PressroomError("PRESSROOM_E_UNAUTHORIZED", "sign in first");
    if (!hasRole(req.viewer, role)) throw new PressroomError("PRESSROOM_E_FORBIDDEN", `this needs the ${role} role`);
  };
}

/** The signed-in user of a request that passed {@link requireRole}. */
export function userOf(req: FastifyRequest): UserViewer {
  if (req.viewer.kind !== "user") throw new PressroomError("PRESSROOM_E_UNAUTHORIZED", "sign in first");
  return req.viewer;
}

/**
 * The CSRF token to put in a form's hidden `_csrf` field for this request's session, or
 * `""` when the request has no session (public, or bearer token: no token needed).
 */
export function csrfToken(req: FastifyRequest): string {
  const token = sessionTokens.get(req);
  return token ? csrfTokenFor(token) : "";
}

function checkCsrf(req: FastifyRequest): void {
  const token = sessionTokens.get(req);
  if (!token) return; // not authenticated by cookie: nothing a forged cross-site form could ride on
  const body = req.body as Record<string, unknown> | null | undefined;
  const fromBody = body && typeof body === "object" && typeof body._csrf === "string" ? body._csrf : undefined;
  const header = req.headers["x-csrf-token"];
  const submitted = fromBody ?? (typeof header === "string" ? header : undefined);
  if (!submitted || !csrfMatches(token, submitted)) {
    throw new PressroomError("PRESSROOM_E_FORBIDDEN", "the form's security token (CSRF) is missing or out of date; reload the page and try again");
  }
}

/**
 * A preHandler for form posts (cookie sessions): rejects a missing or wrong `_csrf` field
 * (or `X-CSRF-Token` header) with `PRESSROOM_E_FORBIDDEN`. Bearer-token requests pass.
 * (The plugin also runs this check for every state-changing request by itself.)
 */
export async function verifyCsrf(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
  checkCsrf(req);
}
