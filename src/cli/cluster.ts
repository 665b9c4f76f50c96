/**
 * `pressroom serve --processes N`: N web processes (node:cluster) sharing one port and one
 * database. The primary prepares the database (migrations, demo set) once, forks the web
 * processes, restarts one that dies, and on SIGINT/SIGTERM asks each (an IPC `shutdown`
 * message) to shut down gracefully: they finish in-flight requests and jobs, then exit. Web
 * processes ignore the terminal's Ctrl-C (the primary relays it once) and stop when the
 * primary disappears.
 */
import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";

/** Most web processes `--processes` accepts. */
export const MAX_PROCESSES = 64;
/** A web process that dies is restarted after this delay (ms), at most {@link MAX_RESTARTS_PER_MINUTE} times a minute. */
export const RESTART_DELAY_MS = 1_000;
export const MAX_RESTARTS_PER_MINUTE = 10;
/** After a shutdown request, a web process still running this long (ms) is killed. */
export const FORCE_KILL_AFTER_MS = 20_000;

/** True in a web process forked by {@link runPrimary}. */
export function isClusterChild(): boolean {
  return !cluster.isPrimary;
}

let shutdownReason: string | null = null;
const shutdownListeners = new Set<(reason: string) => void>();
if (!cluster.isPrimary) {
  // Listen from the start: a shutdown asked for while this process is still starting is kept.
  const request = (reason: string) => {
    if (shutdownReason !== null) return;
    shutdownReason = reason;
    for (const fn of shutdownListeners) fn(reason);
  };
  process.on("message", (m: unknown) => { if ((m as { type?: string } | null)?.type === "shutdown") request("shutdown"); });
  process.on("disconnect", () => request("primary gone"));
  process.on("SIGINT", () => { /* the terminal's Ctrl-C: the primary relays it */ });
  process.on("SIGTERM", () => request("SIGTERM"));
  // Tell the primary that a shutdown request would now be heard (messages before this are lost).
  process.send?.({ type: "listening-for-shutdown" });
}

/**
 * In a web process: call `fn` once when the primary asks it to shut down (or disappears, or
 * it gets SIGTERM); at once if that already happened.
 */
export function onShutdownRequest(fn: (reason: string) => void): void {
  if (shutdownReason !== null) fn(shutdownReason);
  else shutdownListeners.add(fn);
}

/**
 * Run the primary: fork `n` web processes (they re-run the same command line) and supervise
 * them until a signal; resolves when every process has exited. Exit code 1 when web
 * processes kept dying (more than {@link MAX_RESTARTS_PER_MINUTE} restarts in a minute).
 */
export async function runPrimary(n: number, log: Logger): Promise<number> {
  let stopping = false;
  let exitCode = 0;
  const restarts: number[] = [];
  const ready = new WeakSet<Worker>();
  const fork = () => {
    const w = cluster.fork();
    w.on("message", (m: unknown) => {
      // Messages marked `relay` (live-briefing notices, briefing/bus.ts) go to every other web process.
      if ((m as { relay?: unknown } | null)?.relay === true) {
        for (const other of Object.values(cluster.workers ?? {})) if (other && other !== w && !other.isDead() && other.isConnected()) other.send(m as object);
        return;
      }
      if ((m as { type?: string } | null)?.type !== "listening-for-shutdown") return;
      ready.add(w);
      if (stopping) w.send({ type: "shutdown" });
    });
    log.info({ pid: w.process.pid }, "web process started");
  };
  cluster.on("listening", (w, address) => log.info({ pid: w.process.pid, port: address.port }, "web process listening"));
  for (let i = 0; i < n; i++) fork();
  return new Promise<number>((resolve) => {
    const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    cluster.on("exit", (w, code, signal) => {
      if (stopping) {
        if (live().length === 0) resolve(exitCode);
        return;
      }
      log.error({ pid: w.process.pid, code, signal }, "web process exited");
      const now = Date.now();
      while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length >= MAX_RESTARTS_PER_MINUTE) {
        log.fatal("web processes keep dying: stopping");
        exitCode = 1;
        shutdown("SIGTERM");
        return;
      }
      restarts.push(now);
      setTimeout(() => { if (!stopping) fork(); }, RESTART_DELAY_MS).unref();
    });
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "shutting down the web processes");
      const alive = live();
      if (alive.length === 0) resolve(exitCode);
      // Processes still loading get the request when they say they can hear it.
      for (const w of alive) if (ready.has(w)) w.send({ type: "shutdown" });
      // A web process that has not gone after its own shutdown limit (10 s) and a margin is stuck: end it.
      setTimeout(() => {
        for (const w of live()) {
          log.error({ pid: w.process.pid }, "web process did not stop in time: killing it");
          w.process.kill("SIGKILL");
        }
      }, FORCE_KILL_AFTER_MS).unref();
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
  });
}
