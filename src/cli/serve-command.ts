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

/**
 * `pressroom serve`: listen until SIGINT/SIGTERM, then close gracefully (in-flight
 * requests finish, then the store closes).
 */
export async function runServe(store: Store, config: Config, clock: Clock, opts: { demo: boolean }): Promise<void> {
  if (opts.demo) {
    const n = await loadDemoIfEmpty(store, clock.now());
    if (n > 0) process.stderr.write(`pressroom: the archive was empty; loaded ${n} demo items (sample content). Import real documents with: pressroom import PATH\n`);
  }
  const app = await buildServer({
    store,
    clock,
    baseUrl: config.baseUrl,
    settings: { secureCookies: config.baseUrl.startsWith("https:"), ...(config.websubHub ? { websubHub: config.websubHub } : {}) },
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
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
  const tasks = startTasks(backgroundTasks(), { store, clock, log: (m) => process.stderr.write(`pressroom: ${m}\n`), baseUrl: config.baseUrl, websubHub: config.websubHub });
  process.stderr.write(`pressroom: serving ${config.dataDir} on http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}/ (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      process.stderr.write("pressroom: shutting down\n");
      void tasks.stop().then(() => app.close()).then(() => store.close()).then(resolve, resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
