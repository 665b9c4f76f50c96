/** `GET /login`, `POST /login`, `POST /logout`: web sign-in with throttling and audit. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { PUBLIC_VIEWER } from "../../core/access.js";
import { secretHash } from "../../accounts/secrets.js";
import { PressroomError } from "../../core/errors.js";
import { CACHE } from "../http.js";
import type { PublishContext } from "../context.js";
import { renderPage } from "../web/layout.js";
import { LoginPage, type FormProblem } from "./pages.js";
import { DEFAULT_THROTTLE, claimAttempt, type ThrottleRule } from "./throttle.js";
import { SESSION_COOKIE, bindSession, sessionCookieOptions } from "./plugin.js";

const HIDDEN = { hide: true } as const;

function field(body: unknown, name: string): string {
  if (!body || typeof body !== "object") return "";
  const v = (body as Record<string, unknown>)[name];
  if (Array.isArray(v)) return typeof v[0] === "string" ? v[0] : "";
  return typeof v === "string" ? v : "";
}

/** Where to go after signing in: a site-relative path only (no open redirect), default `/`. */
export function safeNext(next: string): string {
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\u0000-\u001f\u007f]/.test(next) || next.length > 2000) return "/";
  return next;
}

/**
 * False when the request names an `Origin` that is neither this server's `Host` nor the
 * public base URL's host (a browser sends `Origin` on every form post). Requests without
 * `Origin` (scripts, old browsers) pass: SameSite cookies and the password are the defence.
 */
export function sameOrigin(req: FastifyRequest, ctx: PublishContext): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // includes "null" (sandboxed or privacy-sensitive contexts)
  }
  let base = "";
  try { base = new URL(ctx.baseUrl).host; } catch { /* no base host */ }
  return host === req.headers.host || host === base;
}

function loginPage(ctx: PublishContext, req: FastifyRequest, reply: FastifyReply, status: number, next: string, name = "", problem: FormProblem | null = null) {
  const body = renderPage({ ctx, title: "Sign in", noindex: true }, <LoginPage viewer={req.viewer} next={next} name={name} problem={problem} />);
  return reply.code(status).header("Content-Type", "text/html; charset=utf-8").header("Cache-Control", CACHE.none).send(body);
}

/** Register the sign-in and sign-out routes. */
export async function registerLoginRoutes(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  const s = ctx.settings;
  const rule: ThrottleRule = {
    perName: s.loginMaxFailures ?? DEFAULT_THROTTLE.perName,
    perIp: s.loginMaxFailuresPerIp ?? DEFAULT_THROTTLE.perIp,
    windowMs: s.loginWindowMs ?? DEFAULT_THROTTLE.windowMs,
  };
  for (const [k, v] of [["loginMaxFailures", rule.perName], ["loginMaxFailuresPerIp", rule.perIp], ["loginWindowMs", rule.windowMs]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new PressroomError("PRESSROOM_E_CONFIG", `${k} must be a whole number of at least 1, got ${JSON.stringify(v)}`);
  }
  const accounts = ctx.store.accounts;

  app.get("/login", { schema: HIDDEN }, async (req, reply) => {
    const next = safeNext(field(req.query, "next"));
    return loginPage(ctx, req, reply, 200, next);
  });

  // Signing in authenticates by password, not by the cookie: no CSRF token is needed (or available yet).
  app.post("/login", { schema: HIDDEN, config: { csrf: false } }, async (req, reply) => {
    const name = field(req.body, "name").trim();
    const password = field(req.body, "password");
    const next = safeNext(field(req.body, "next"));
    const ip = req.ip;
    if (!sameOrigin(req, ctx)) {
      // Login CSRF: a cross-site form could sign the browser in to someone else's account.
      return loginPage(ctx, req, reply, 403, "/", "", { message: "Sign in from this site's own sign-in page.", code: "PRESSROOM_E_FORBIDDEN" });
    }
    if (name === "" || password === "") {
      return loginPage(ctx, req, reply, 400, next, name.slice(0, 64), { message: "Enter your name and password.", code: "PRESSROOM_E_BAD_REQUEST" });
    }
    const claim = await claimAttempt(accounts, rule, ip, name);
    if (!claim.allowed) {
      const wait = claim.retryAfterSeconds;
      await accounts.audit.record({ actor: "anonymous", action: "login.fail", detail: { name: name.slice(0, 64), ip, reason: "rate_limited" } });
      reply.header("Retry-After", String(wait));
      const minutes = Math.ceil(wait / 60);
      return loginPage(ctx, req, reply, 429, next, name.slice(0, 64), {
        message: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        code: "PRESSROOM_E_RATE_LIMITED",
      });
    }
    const user = await accounts.verifyPassword(name, password);
    if (!user) {
      // The claimed attempt stays counted: it is a failure now.
      await accounts.audit.record({ actor: "anonymous", action: "login.fail", detail: { name: name.slice(0, 64), ip, reason: "bad_credentials" } });
      return loginPage(ctx, req, reply, 401, next, name.slice(0, 64), { message: "Wrong name or password.", code: "PRESSROOM_E_UNAUTHORIZED" });
    }
    await claim.release();
    // A new session on every sign-in (no fixation); an old one on this browser is ended.
    const old = req.cookies[SESSION_COOKIE];
    if (old) await accounts.deleteSession(old);
    const grant = await accounts.createSession(user.id);
    await accounts.audit.record({ actor: user.name, action: "login.ok", detail: { ip } });
    bindSession(req, grant.token);
    req.viewer = { kind: "user", userId: user.id, name: user.name, role: user.role, via: "session", credentialId: secretHash(grant.token) };
    reply.setCookie(SESSION_COOKIE, grant.token, sessionCookieOptions(ctx));
    return reply.code(303).header("Location", next).header("Cache-Control", CACHE.none).send();
  });

  app.post("/logout", { schema: HIDDEN }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (req.viewer.kind === "user" && req.viewer.via === "session" && token) {
      await accounts.deleteSession(token);
      await accounts.audit.record({ actor: req.viewer.name, action: "logout", detail: {} });
    }
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(ctx));
    bindSession(req, null);
    req.viewer = PUBLIC_VIEWER;
    return reply.code(303).header("Location", "/").header("Cache-Control", CACHE.none).send();
  });
}
