import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { readdirSync } from "node:fs";
import type { Store } from "../store/store.js";
import type { Config } from "../config/config.js";
import type { Clock } from "../core/clock.js";
import { buildServer } from "../publish/server.js";
import { PressroomError } from "../core/errors.js";
import { parsePgUrl } from "../store/pg-url.js";
import { createBriefingService } from "../briefing/service.js";
import { createTranscriptPublisher } from "../briefing/publish.js";
import { clusterBus, pgBus } from "../briefing/bus.js";
import { isClusterChild, onShutdownRequest } from "./cluster.js";
import { createLogger, loggerOptions, taskLog } from "../ops/logging.js";

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
  // Loaded here: the importer (and the parsers and readers behind it) is not part of a web process.
  const { importPaths } = await import("../importer/import.js");
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
 *
 * Background work runs from the job queue (`jobs/`): unless `opts.tasks` is false, this process
 * schedules the periodic tasks and works their jobs, so one `pressroom serve` is a whole wire;
 * any number of `serve` and `worker` processes can share a database, and each run happens once.
 */
export async function runServe(store: Store, config: Config, clock: Clock, opts: { demo: boolean; tasks?: boolean }): Promise<void> {
  // Live briefings: the service keeps each call in the store; other web processes of this
  // archive hear of new events through a bus (PostgreSQL NOTIFY, or the cluster's primary).
  const bus = config.databaseUrl ? await pgBus(parsePgUrl(config.databaseUrl).connectionString, config.databaseSchema) : clusterBus();
  const briefingLog = createLogger(config.logLevel).child({ component: "briefings" });
  const briefings = createBriefingService({
    store: store.briefings,
    clock,
    publish: createTranscriptPublisher(store, clock),
    onError: (message, detail) => briefingLog.error(detail, message),
    ...(bus ? { bus } : {}),
  });
  const app = await buildServer({
    store,
    clock,
    briefings,
    baseUrl: config.baseUrl,
    logger: loggerOptions(config.logLevel) as unknown as Record<string, unknown>,
    settings: {
      secureCookies: config.baseUrl.startsWith("https:"),
      ...(config.websubHub ? { websubHub: config.websubHub } : {}),
      ...(config.trustProxy.length > 0 ? { trustProxy: config.trustProxy } : {}),
    },
  });
  const log = app.log;
  const clusterChild = isClusterChild();
  if (opts.demo) {
    const n = await loadDemoIfEmpty(store, clock.now());
    if (n > 0) log.info({ demoItems: n }, `the archive was empty; loaded ${n} demo items (sample content). Import real documents with: pressroom import PATH`);
  }
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    await app.close().catch(() => {});
    await briefings.close().catch(() => {});
    await bus?.close().catch(() => {});
    await store.close();
    if (code === "EADDRINUSE") throw new PressroomError("PRESSROOM_E_CONFIG", `port ${config.port} on ${config.host} is already in use; choose another with --port or PRESSROOM_PORT`);
    if (code === "EACCES") throw new PressroomError("PRESSROOM_E_CONFIG", `not allowed to listen on port ${config.port}; choose a port above 1023 with --port`);
    if (code === "ENOTFOUND" || code === "EADDRNOTAVAIL") throw new PressroomError("PRESSROOM_E_CONFIG", `cannot listen on host "${config.host}"; use an address of this machine, e.g. 127.0.0.1 or 0.0.0.0`);
    throw e;
  }
  // Signals are heard from the moment the port is open: one that arrives while the rest
  // starts (the job queue can take seconds on PostgreSQL) stops the server gracefully once it
  // has started; a second one exits at once (outside a cluster).
  let signalled = false;
  let requestStop!: (signal: string) => void;
  const stopRequested = new Promise<string>((r) => { requestStop = r; });
  const onSignal = (signal: string) => {
    if (signalled) {
      // A web process of a cluster hears the terminal's Ctrl-C and its primary's request: not a reason to hurry.
      if (clusterChild) return;
      log.warn({ signal }, "second signal during shutdown: exiting now");
      process.exit(1);
    }
    signalled = true;
    requestStop(signal);
  };
  if (clusterChild) {
    // The primary asks for the shutdown (`cli/cluster.ts`); Ctrl-C reaches it too.
    onShutdownRequest(onSignal);
  } else {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  await briefings.start();
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : config.port;
  // Background work (releases at embargo time, alerts, polling) runs in the server process
  // too, so a single `pressroom serve` is a whole wire; `--no-tasks` leaves it to workers.
  let tasks: { stop(): Promise<void> } = { stop: async () => {} };
  if (opts.tasks !== false) {
    // Loaded only here: the tasks bring the ingestion stack (feed and e-mail readers, HTML
    // extraction, the transcript parser) and the job queue; a `--no-tasks` web process never
    // loads them (issue 5: web process memory).
    const [{ openJobQueue }, { runTasksFromQueue }, { backgroundTasks }] = await Promise.all([
      import("../jobs/open.js"), import("../jobs/schedule.js"), import("../worker/tasks.js"),
    ]);
    const queue = openJobQueue(store, config, clock);
    try {
      await queue.start();
      tasks = await runTasksFromQueue(queue, backgroundTasks(), { store, clock, log: taskLog(log), baseUrl: config.baseUrl, websubHub: config.websubHub }, { schedule: true, work: true });
    } catch (e) {
      await queue.stop().catch(() => {});
      await app.close().catch(() => {});
      await briefings.close().catch(() => {});
      await bus?.close().catch(() => {});
      await store.close();
      throw e;
    }
  }
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}/`;
  const where = config.databaseUrl
    ? `PostgreSQL ${parsePgUrl(config.databaseUrl).display}${config.databaseSchema ? ` schema ${config.databaseSchema}` : ""}`
    : config.dataDir;
  log.info({ url, ...(config.databaseUrl ? { database: where } : { dataDir: config.dataDir }) }, `serving ${where} on ${url} (Ctrl-C to stop)`);
  const signal = await stopRequested;
  log.info({ signal }, "shutting down: finishing in-flight requests and background runs");
  // Not unref'd: a shutdown that stalls must still end the process.
  const force = setTimeout(() => {
    log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "shutdown did not finish in time: exiting");
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  try {
    // Stop accepting and stop starting task runs at the same time; close the store when both are done.
    await Promise.all([app.close(), tasks.stop()]);
    await briefings.close();
    await bus?.close();
    await store.close();
    log.info("stopped");
  } catch (e) {
    log.error({ err: e }, "shutdown failed");
    process.exitCode = 1;
  } finally {
    clearTimeout(force);
  }
}
