import type { Clock } from "../core/clock.js";
import type { Store } from "../store/store.js";
import type { Config } from "../config/config.js";
import { backgroundTasks } from "../worker/tasks.js";
import { runTasksOnce, startTasks } from "../worker/runner.js";
import { EXIT } from "./output.js";

/**
 * `pressroom worker`: run the background tasks until SIGINT/SIGTERM (finishing runs in
 * flight), or once each with `--once`. Returns the exit code: 1 when a task failed in
 * `--once` mode.
 */
export async function runWorker(store: Store, config: Config, clock: Clock, opts: { once: boolean }): Promise<number> {
  const log = (m: string) => process.stderr.write(`pressroom worker: ${m}\n`);
  const tasks = backgroundTasks();
  const ctx = { store, clock, log, baseUrl: config.baseUrl, websubHub: config.websubHub };
  if (opts.once) {
    const failed = await runTasksOnce(tasks, ctx);
    return failed.length > 0 ? EXIT.failure : EXIT.ok;
  }
  log(`running ${tasks.map((t) => t.name).join(", ") || "no tasks"} (Ctrl-C to stop)`);
  const running = startTasks(tasks, ctx);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      log("shutting down");
      void running.stop().then(resolve, resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  return EXIT.ok;
}
