/**
 * Secrets for sessions and API tokens: random values shown to the client once, stored
 * only as their SHA-256 (so a copy of the database cannot be used to sign in).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Prefix of API tokens: makes them recognisable to people and to secret scanners. */
export const TOKEN_PREFIX = "prt_";

/** A new API token: `prt_` + 32 random bytes in unpadded base64url (47 characters in all). */
export function newApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** A new session token (cookie value): 32 random bytes in unpadded base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** True when `s` has the shape of an API token (says nothing about whether it is valid). */
export function looksLikeApiToken(s: string): boolean {
  return /^prt_[A-Za-z0-9_-]{43}$/.test(s);
}

/** True when `s` has the shape of a session token. */
export function looksLikeSessionToken(s: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(s);
}

/** Lower-case hex SHA-256 of a secret: what the database stores instead of the secret. */
export function secretHash(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * The CSRF token of a session: HMAC-SHA256 keyed with the session's secret cookie value
 * over a fixed label, base64url. Only someone who can read the (HttpOnly) cookie can
 * compute it, it needs no server-side state, and it dies with the session.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac("sha256", sessionToken).update("pressroom csrf v1").digest("base64url");
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function csrfMatches(sessionToken: string, submitted: string): boolean {
  const want = Buffer.from(csrfTokenFor(sessionToken), "utf8");
  const got = Buffer.from(submitted, "utf8");
  return got.length === want.length && timingSafeEqual(got, want);
}
