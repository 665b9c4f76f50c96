/**
 * Background tasks: periodic work that runs inside `pressroom serve` and in
 * `pressroom worker` (releasing embargoed and scheduled items, delivering alerts, polling
 * sources). Each module adds its task to {@link backgroundTasks}.
 */
import type { Clock } from "../core/clock.js";
import type { Store } from "../store/store.js";

/** What a task gets on each run. */
export interface TaskContext {
  store: Store;
  clock: Clock;
  /** One-line progress/error reporting (stderr in the CLI; collected in tests). */
  log(message: string): void;
}

/** One periodic task. `run` must not throw for expected failures (it logs them) and must be safe to run again. */
export interface BackgroundTask {
  /** Short name for logs, e.g. `release`. */
  name: string;
  /** Wall-clock interval between the end of one run and the start of the next (ms). */
  intervalMs: number;
  /** Do one round of work; resolves when done. */
  run(ctx: TaskContext): Promise<void>;
}

/** Every background task, in the order they run in `worker --once`. */
export function backgroundTasks(): BackgroundTask[] {
  return [];
}
