/**
 * Structured logs of the long-running commands (`pressroom serve`, `pressroom worker`): one
 * JSON object per line (pino), on standard error (standard output stays for command
 * results). Every line has `level` (pino's numbers: 10 trace … 60 fatal), `time` (ISO 8601,
 * UTC), `pid`, `hostname` and `msg`; request lines add `reqId`, `method`, `route`, `url`,
 * `status` and `durationMs`; background-task lines add `component: "tasks"`.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import type { LogLevel } from "./log-levels.js";

export { LOG_LEVELS, isLogLevel, type LogLevel } from "./log-levels.js";

/**
 * Options for pino (and for fastify's `logger` option, which builds the same pino logger):
 * the level, ISO timestamps, and the destination (default: standard error, written
 * synchronously so that no line is lost when the process exits).
 */
export function loggerOptions(level: LogLevel, stream?: DestinationStream): LoggerOptions & { stream: DestinationStream } {
  return {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    stream: stream ?? pino.destination({ dest: 2, sync: true }),
  };
}

/** A JSON-lines logger (see the module comment) at `level`, writing to `stream` (default: standard error). */
export function createLogger(level: LogLevel, stream?: DestinationStream): Logger {
  const { stream: dest, ...opts } = loggerOptions(level, stream);
  return pino(opts, dest);
}

/**
 * The `TaskContext.log` function of the background tasks: each message becomes one info
 * line with `component: "tasks"` (the message itself names the task, e.g. `release: ...`).
 */
export function taskLog(logger: { child(bindings: Record<string, unknown>): { info(msg: string): void } }): (message: string) => void {
  const child = logger.child({ component: "tasks" });
  return (message: string) => child.info(message);
}
