/**
 * When to try a failed webhook delivery again. Pure: the caller passes the time and the
 * random source.
 *
 * Rule: after failed attempt `n` (1-based) wait {@link BASE_DELAY_MS} × 2^(n-1), plus up
 * to 20 % jitter, capped at {@link MAX_DELAY_MS}; a `Retry-After` on 429/503 replaces
 * that (clamped to 1 s … 1 h). After {@link MAX_ATTEMPTS} failed attempts, or a 410 Gone,
 * the delivery is given up (`failed`).
 */

/** First retry delay: 30 s. */
export const BASE_DELAY_MS = 30_000;
/** Longest wait between attempts: 1 h. */
export const MAX_DELAY_MS = 3_600_000;
/** Attempts before a delivery is given up. */
export const MAX_ATTEMPTS = 8;
/** Jitter: the delay is multiplied by a factor in [1, 1 + JITTER). */
export const JITTER = 0.2;

/**
 * Delay before the next attempt after `attempts` failed attempts, in ms.
 *
 * @param attempts Failed attempts so far (≥ 1).
 * @param random A number in [0, 1) (default `Math.random()`), for the jitter.
 */
export function backoffDelayMs(attempts: number, random: number = Math.random()): number {
  const n = Math.max(1, Math.floor(attempts));
  const base = BASE_DELAY_MS * 2 ** Math.min(n - 1, 30);
  const r = Math.min(Math.max(random, 0), 0.999_999);
  return Math.min(MAX_DELAY_MS, Math.round(base * (1 + JITTER * r)));
}

/**
 * Parse a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP date.
 *
 * @param value The header value, or undefined.
 * @param now The current time (epoch ms, UTC), for the date form.
 * @returns The wait in ms clamped to [1 s, {@link MAX_DELAY_MS}], or null when absent or unreadable.
 */
export function retryAfterMs(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  let ms: number;
  if (/^\d{1,10}$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (!Number.isFinite(at) || !/[a-z]/i.test(v)) return null;
    ms = at - now;
  }
  return Math.min(MAX_DELAY_MS, Math.max(1000, ms));
}

/** What became of one attempt. */
export type AttemptOutcome =
  | { kind: "delivered" }
  | { kind: "retry"; nextAttemptAt: number }
  | { kind: "failed" };

/**
 * Decide what follows an attempt.
 *
 * @param status HTTP status of the answer, or null when there was none (network error, timeout, refused address).
 * @param attempts Attempts made so far, including this one (≥ 1).
 * @param now When the attempt ended (epoch ms, UTC).
 * @param retryAfter The answer's `Retry-After` header, if any (honoured on 429 and 503).
 * @param random A number in [0, 1) for the jitter.
 */
export function nextStep(status: number | null, attempts: number, now: number, retryAfter: string | undefined, random: number = Math.random()): AttemptOutcome {
  if (status !== null && status >= 200 && status < 300) return { kind: "delivered" };
  if (status === 410) return { kind: "failed" };
  if (attempts >= MAX_ATTEMPTS) return { kind: "failed" };
  const asked = status === 429 || status === 503 ? retryAfterMs(retryAfter, now) : null;
  return { kind: "retry", nextAttemptAt: now + (asked ?? backoffDelayMs(attempts, random)) };
}
