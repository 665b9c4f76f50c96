/**
 * Sign-in throttling: attempts are counted in the store per client address and per user
 * name over a sliding window, so the limit holds across restarts and across processes
 * sharing the database. Rule: a name with `perName` failed attempts (default 5), or an
 * address with `perIp` (default 20), in the last `windowMs` (default 15 min) gets 429
 * until enough of them leave the window. An attempt is claimed (counted) BEFORE the
 * password is checked, in one transaction with the check, so concurrent guesses cannot
 * all slip under the limit; a successful sign-in removes its claim and the name's count.
 */
import type { AccountStore } from "../../store/accounts.js";
import { nameKey } from "../../accounts/names.js";

/** Throttle settings (see `PublishSettings.loginMaxFailures` and friends). */
export interface ThrottleRule {
  /** Failures per user name in the window before sign-in is refused. */
  perName: number;
  /** Failures per client address in the window before sign-in is refused. */
  perIp: number;
  /** Window length in ms. */
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleRule = { perName: 5, perIp: 20, windowMs: 15 * 60_000 };

/** The store keys a sign-in attempt is counted under. */
export function throttleKeys(ip: string, name: string): { ip: string; name: string } {
  return { ip: `ip:${ip}`, name: `name:${nameKey(name).slice(0, 64)}` };
}

/** Outcome of {@link claimAttempt}. */
export type Claim = { allowed: true; release(): Promise<void> } | { allowed: false; retryAfterSeconds: number };

/**
 * Claim one sign-in attempt for (`ip`, `name`): either allowed (call `release()` when the
 * password was right) or refused with the seconds to wait (for `Retry-After`, at least 1).
 */
export async function claimAttempt(store: AccountStore, rule: ThrottleRule, ip: string, name: string): Promise<Claim> {
  const keys = throttleKeys(ip, name);
  const r = await store.claimLoginAttempt([{ key: keys.ip, max: rule.perIp }, { key: keys.name, max: rule.perName }], rule.windowMs);
  if (!r.allowed) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(r.retryAfterMs / 1000)) };
  return { allowed: true, release: () => store.releaseLoginAttempt(r.ids, [keys.name]) };
}
