/**
 * Webhook signatures: HMAC-SHA256 over `"<timestamp>.<body>"` with the saved search's
 * secret, sent as `X-Pressroom-Signature: sha256=<hex>` beside `X-Pressroom-Timestamp`
 * (unix seconds). The scheme follows the common webhook practice (Stripe, GitHub): the
 * timestamp is signed with the body so a captured request cannot be replayed later.
 * Pure: no clock, no I/O.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Prefix of the signature header value. */
export const SIGNATURE_PREFIX = "sha256=";
/** Prefix of generated webhook secrets, so a leaked one is recognisable. */
export const SECRET_PREFIX = "whsec_";

/**
 * A new webhook secret: {@link SECRET_PREFIX} + 32 random bytes, base64url (49 characters).
 * Shown to the user once at creation; stored as is (signing needs it).
 */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/**
 * The `X-Pressroom-Signature` value for a request.
 *
 * @param secret The saved search's secret (UTF-8 bytes are the HMAC key).
 * @param timestamp Unix time in seconds, as sent in `X-Pressroom-Timestamp`.
 * @param body The exact request body (UTF-8).
 * @returns `sha256=` + 64 lower-case hex digits.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
  return `${SIGNATURE_PREFIX}${mac}`;
}

/**
 * Check a received signature (what a receiver does; also used by our tests and docs).
 * Constant-time comparison; rejects timestamps further than `toleranceS` from `nowS`.
 *
 * @param nowS The receiver's time, unix seconds.
 * @param toleranceS Largest accepted clock difference, seconds (default 300).
 * @returns true when the signature matches and the timestamp is fresh.
 */
export function verifyWebhook(secret: string, timestampHeader: string, body: string, signatureHeader: string, nowS: number, toleranceS = 300): boolean {
  if (!/^\d{1,12}$/.test(timestampHeader)) return false;
  const ts = Number(timestampHeader);
  if (Math.abs(nowS - ts) > toleranceS) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body), "utf8");
  const given = Buffer.from(signatureHeader, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
