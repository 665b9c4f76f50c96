/**
 * Helpers for tests that need accounts: add a user, get a bearer token, sign in through
 * the real login form. Everything goes through the real store and the real server.
 */
import type { FastifyInstance } from "fastify";
import type { Role } from "../src/core/access.js";
import type { Store } from "../src/store/store.js";
import type { User } from "../src/store/accounts.js";

/** The password {@link addUser} gives when none is passed (14 characters). */
export const DEFAULT_PASSWORD = "correct horse battery";

/** Create a user with `role` (and `password`, default {@link DEFAULT_PASSWORD}; pass null for token-only). */
export async function addUser(store: Store, name: string, role: Role, password: string | null = DEFAULT_PASSWORD): Promise<User> {
  return store.accounts.createUser({ name, role, password });
}

/** A new API token for user `name`, as the `Authorization` header value (`Bearer prt_...`). */
export async function bearer(store: Store, name: string, label = "test"): Promise<string> {
  const { token } = await store.accounts.createToken(name, label);
  return `Bearer ${token}`;
}

/** What a signed-in browser holds: the `Cookie` header value and the session's CSRF token for forms. */
export interface SignedIn {
  /** `pressroom_session=...`, ready for a `Cookie` header. */
  cookie: string;
  /** Value for the `_csrf` form field or the `X-CSRF-Token` header. */
  csrf: string;
}

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

async function send(target: FastifyInstance | string, method: "GET" | "POST", url: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  if (typeof target === "string") {
    const r = await fetch(target.replace(/\/+$/, "") + url, { method, headers, body, redirect: "manual" });
    const h: Record<string, string | string[]> = {};
    r.headers.forEach((v, k) => { h[k] = v; });
    const setCookie = r.headers.getSetCookie();
    if (setCookie.length) h["set-cookie"] = setCookie;
    return { status: r.status, headers: h, body: await r.text() };
  }
  const r = await target.inject({ method, url, headers, payload: body });
  return { status: r.statusCode, headers: r.headers as Answer["headers"], body: r.body };
}

/**
 * Sign in through `POST /login` (an app for `inject`, or a base URL for real HTTP) and read
 * the CSRF token from the sign-out form of the next page. Throws when sign-in fails.
 */
export async function login(target: FastifyInstance | string, name: string, password: string = DEFAULT_PASSWORD): Promise<SignedIn> {
  const form = new URLSearchParams({ name, password }).toString();
  const r = await send(target, "POST", "/login", { "content-type": "application/x-www-form-urlencoded" }, form);
  if (r.status !== 303) throw new Error(`login as ${name} answered ${r.status}: ${r.body.slice(0, 200)}`);
  const set = ([] as string[]).concat(r.headers["set-cookie"] ?? []);
  const session = set.map((c) => /^pressroom_session=([^;]+)/.exec(c)?.[1]).find((v) => v);
  if (!session) throw new Error("login set no session cookie");
  const cookie = `pressroom_session=${session}`;
  const page = await send(target, "GET", "/login", { cookie });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error("no CSRF token on the signed-in page");
  return { cookie, csrf };
}
