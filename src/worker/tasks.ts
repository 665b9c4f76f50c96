/**
 * Background tasks: periodic work that runs inside `pressroom serve` and in
 * `pressroom worker` (releasing embargoed and scheduled items, delivering alerts, polling
 * sources). Each module adds its task to {@link backgroundTasks}.
 */
import type { Clock } from "../core/clock.js";
import type { Store } from "../store/store.js";
import { classifyTask } from "../topics/task.js";
import { alertTasks } from "../alerts/tasks.js";
import { releaseTask } from "../editorial/release-task.js";
import { dedupeTask } from "../dedupe/task.js";
import { pollTask } from "../sources/task.js";
import { websubTask } from "../publish/exports/websub-ping.js";

/** What a task gets on each run. */
export interface TaskContext {
  store: Store;
  clock: Clock;
  /** One-line progress/error reporting (stderr in the CLI; collected in tests). */
  log(message: string): void;
  /** Public base URL of the wire (links in alert payloads); absent: the configuration's (`PRESSROOM_BASE_URL`). */
  baseUrl?: string;
  /** WebSub hub to notify when feeds change (null: none); absent: the configuration's (`PRESSROOM_WEBSUB_HUB`). */
  websubHub?: string | null;
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
  return [
    // Due sources (feeds, index pages, folders, e-mail drops) → new items and versions (sources).
    pollTask,
    // Held items whose embargo / scheduled time has come → public tables (editorial).
    releaseTask(),
    // Saved-search alerts (after any task that releases items): alerts-match, alerts-deliver.
    ...alertTasks(),
    // Near-duplicates across sources → stories (after release, so released items are grouped too).
    dedupeTask(),
    // Media Topics for new and changed public items (topics).
    classifyTask,
    // Feeds that changed → WebSub hub notified (exports; does nothing without a hub).
    websubTask(),
  ];
}
