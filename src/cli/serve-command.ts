import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { readdirSync } from "node:fs";
import type { Store } from "../store/store.js";
import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import { buildServer } from "../publish/server.js";
import { importPaths } from "../importer/import.js";
import { PressroomError } from "../core/errors.js";
import { backgroundTasks } from "../worker/tasks.js";
import { startTasks } from "../worker/runner.js";
import { loggerOptions, taskLog } from "../ops/logging.js";

/** Editorial flag on the demo set's items: the pages mark them as sample content. */
export const SAMPLE_FLAG = "sample_content";

/** Folder of the demo set shipped with Pressroom (sample content we wrote ourselves). */
export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "demo");

/**
 * Load the demo set when the archive is empty (never into an archive that holds
 * anything). Returns the number of items imported.
 */
export async function loadDemoIfEmpty(store: Store, now: number): Promise<number> {
  const s = await store.stats(now);
  if (s.items > 0) return 0;
  const files = readdirSync(DEMO_DIR).filter((f) => f !== "README.md" && !f.startsWith(".")).map((f) => join(DEMO_DIR, f));
  const r = await importPaths(store, files, { flags: [SAMPLE_FLAG] });
  return r.imported;
}

/** Longest a graceful shutdown may take before the process exits anyway (ms). */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * `pressroom serve`: listen until SIGINT/SIGTERM, then shut down gracefully: stop
 * accepting connections, let in-flight requests finish and background tasks end their
 * current run, close the store, and resolve (exit 0). A shutdown that takes longer than
 * {@link SHUTDOWN_TIMEOUT_MS}, or a second signal, exits at once with code 1.
 * Logs are JSON lines on stderr (see `ops/logging.ts`) at `config.logLevel`.
 */
export async function runServe(store: Store, config: Config, clock: Clock, opts: { demo: boolean }): Promise<void> {
  const app = await buildServer({
    store,
    clock,
    baseUrl: config.baseUrl,
    logger: loggerOptions(config.logLevel) as unknown as Record<string, unknown>,
    settings: { secureCookies: config.baseUrl.startsWith("https:"), ...(config.websubHub ? { websubHub: config.websubHub } : {}) },
  });
  const log = app.log;
  if (opts.demo) {
    const n = await loadDemoIfEmpty(store, clock.now());
    if (n > 0) log.info({ demoItems: n }, `the archive was empty; loaded ${n} demo items (sample content). Import real documents with: pressroom import PATH`);
  }
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    await app.close().catch(() => {});
    await store.close();
    if (code === "EADDRINUSE") throw new PressroomError("PRESSROOM_E_CONFIG", `port ${config.port} on ${config.host} is already in use; choose another with --port or PRESSROOM_PORT`);
    if (code === "EACCES") throw new PressroomError("PRESSROOM_E_CONFIG", `not allowed to listen on port ${config.port}; choose a port above 1023 with --port`);
    if (code === "ENOTFOUND" || code === "EADDRNOTAVAIL") throw new PressroomError("PRESSROOM_E_CONFIG", `cannot listen on host "${config.host}"; use an address of this machine, e.g. 127.0.0.1 or 0.0.0.0`);
    throw e;
  }
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : config.port;
  // Background work (releases at embargo time, alerts, polling) runs in the server process
  // too, so a single `pressroom serve` is a whole wire; `pressroom worker` runs it apart.
  const tasks = startTasks(backgroundTasks(), { store, clock, log: taskLog(log), baseUrl: config.baseUrl, websubHub: config.websubHub });
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}/`;
  log.info({ url, dataDir: config.dataDir }, `serving ${config.dataDir} on ${url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn({ signal }, "second signal during shutdown: exiting now");
        process.exit(1);
      }
      stopping = true;
      log.info({ signal }, "shutting down: finishing in-flight requests and background runs");
      const force = setTimeout(() => {
        log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "shutdown did not finish in time: exiting");
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS);
      force.unref();
      // Stop accepting and stop starting task runs at the same time; close the store when both are done.
      void Promise.all([app.close(), tasks.stop()])
        .then(() => store.close())
        .then(() => {
          clearTimeout(force);
          log.info("stopped");
          resolve();
        }, (e: unknown) => {
          clearTimeout(force);
          log.error({ err: e }, "shutdown failed");
          process.exitCode = 1;
          resolve();
        });
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
