/**
 * A sliding-window counter for messages of one sender (a WebSocket connection, or a
 * participant sending commands over HTTP): at most `max` in any `windowMs`.
 */

/** Limits of one sender. */
export interface RateLimit {
  /** Messages allowed per window. */
  max: number;
  /** Window length, ms. */
  windowMs: number;
}

/** Default limit of a connection or participant: 20 messages per 10 s. */
export const DEFAULT_MESSAGE_LIMIT: RateLimit = { max: 20, windowMs: 10_000 };

/** Sliding window of the times of the last `max` accepted messages. */
export class SlidingWindow {
  private readonly times: number[] = [];
  /** Messages refused in the current run of refusals (reset by an accepted message after the window passed). */
  refused = 0;
  constructor(readonly limit: RateLimit) {
    if (!Number.isInteger(limit.max) || limit.max < 1 || !Number.isFinite(limit.windowMs) || limit.windowMs < 1) {
      throw new RangeError(`a rate limit needs a whole max >= 1 and windowMs >= 1, got ${JSON.stringify(limit)}`);
    }
  }

  /** Count a message at `now` (ms): true when it is within the limit, false when refused. */
  take(now: number): boolean {
    while (this.times.length > 0 && now - this.times[0]! >= this.limit.windowMs) this.times.shift();
    if (this.times.length >= this.limit.max) {
      this.refused += 1;
      return false;
    }
    this.times.push(now);
    this.refused = 0;
    return true;
  }

  /** Ms until the next message would be accepted at `now` (0 when it would be now). */
  retryAfter(now: number): number {
    if (this.times.length < this.limit.max) return 0;
    return Math.max(0, this.times[0]! + this.limit.windowMs - now);
  }
}

/** Sliding windows per key (e.g. participant id), forgetting keys idle for a window. */
export class KeyedWindows {
  private readonly map = new Map<string, { w: SlidingWindow; last: number }>();
  constructor(readonly limit: RateLimit, private readonly maxKeys = 100_000) {}

  /** Count a message of `key` at `now`: true when allowed. */
  take(key: string, now: number): boolean {
    let e = this.map.get(key);
    if (!e) {
      if (this.map.size >= this.maxKeys) this.sweep(now);
      e = { w: new SlidingWindow(this.limit), last: now };
      this.map.set(key, e);
    }
    e.last = now;
    return e.w.take(now);
  }

  /** Ms until `key` may send again. */
  retryAfter(key: string, now: number): number {
    return this.map.get(key)?.w.retryAfter(now) ?? 0;
  }

  private sweep(now: number): void {
    for (const [k, e] of this.map) if (now - e.last >= this.limit.windowMs) this.map.delete(k);
    if (this.map.size >= this.maxKeys) this.map.delete(this.map.keys().next().value!);
  }
}
