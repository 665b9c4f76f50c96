/** The clock, behind an interface so tests can fix time. All times are UTC instants. */
export interface Clock {
  /** Current time in milliseconds since the Unix epoch (UTC). */
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that stands still at `ms` (epoch milliseconds) until moved with `set`. */
export function fixedClock(ms: number): Clock & { set(ms: number): void } {
  let t = ms;
  return { now: () => t, set: (v: number) => { t = v; } };
}
