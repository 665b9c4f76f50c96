/**
 * Log levels of `--log-level` / `PRESSROOM_LOG_LEVEL` (pino's names), kept apart from the
 * logger so that reading the configuration does not load pino.
 */

/** Accepted levels, most to least severe; `silent` logs nothing. Default `info`. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** True when `s` is one of {@link LOG_LEVELS}. */
export function isLogLevel(s: string): s is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(s);
}
