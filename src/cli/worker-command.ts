import type { Clock } from "../core/clock.js";
import type { Store } from "../store/store.js";
import type { Config } from "../config/config.js";
import { backgroundTasks } from "../worker/tasks.js";
import { runTasksOnce } from "../worker/runner.js";
import { openJobQueue } from "../jobs/open.js";
import { runTasksFromQueue } from "../jobs/schedule.js";
import { EXIT } from "./output.js";
import { createLogger, taskLog } from "../ops/logging.js";

/**
 * `pressroom worker`: run the background tasks from the job queue (scheduling them and
 * working their jobs, beside any other worker or serve process on the same database) until
 * SIGINT/SIGTERM (finishing jobs in flight), or once each, directly, with `--once`. Returns the exit code: 1 when a task failed in
 * `--once` mode. Logs are JSON lines on stderr (see `ops/logging.ts`) at `config.logLevel`.
 */
export async function runWorker(store: Store, config: Config, clock: Clock, opts: { once: boolean }): Promise<number> {
  const logger = createLogger(config.logLevel).child({ process: "worker" });
  const log = taskLog(logger);
  const tasks = backgroundTasks();
  const ctx = { store, clock, log, baseUrl: config.baseUrl, websubHub: config.websubHub };
  if (opts.once) {
    const failed = await runTasksOnce(tasks, ctx);
    return failed.length > 0 ? EXIT.failure : EXIT.ok;
  }
  logger.info({ tasks: tasks.map((t) => t.name) }, `running ${tasks.map((t) => t.name).join(", ") || "no tasks"} (Ctrl-C to stop)`);
  const queue = openJobQueue(store, config, clock);
  await queue.start();
  const running = await runTasksFromQueue(queue, tasks, ctx, { schedule: true, work: true });
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      logger.info({ signal }, "shutting down: finishing the runs in flight");
      void running.stop().then(() => { logger.info("stopped"); resolve(); }, resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  return EXIT.ok;
}
