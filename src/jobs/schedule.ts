/**
 * Periodic background tasks (`worker/tasks.ts`) run from the job queue: each task has a
 * `stately` queue `task-NAME`; a scheduler sends one job per interval (a send while one is
 * already waiting is dropped), and workers run them. Any number of processes may schedule and
 * work: each run is claimed by one worker, and runs of one task never overlap.
 */
import type { BackgroundTask, TaskContext } from "../worker/tasks.js";
import type { JobQueue } from "./queue.js";

/** Queue name of a task (`task-release`, `task-alerts-match`, ...). */
export function taskQueueName(task: Pick<BackgroundTask, "name">): string {
  return `task-${task.name}`;
}

/** What a process does with the task queues. */
export interface TaskQueueRole {
  /** Send a job per task every `intervalMs` (first at once). */
  schedule: boolean;
  /** Run the jobs. */
  work: boolean;
  /** Idle polling of the workers, ms (default the queue's). */
  pollMs?: number;
}

/**
 * Declare a queue per task and start scheduling and/or working them. Returns `stop()`, which
 * stops the timers and the queue's workers, resolving when jobs in flight have finished.
 * A failed run is logged through `ctx.log`; periodic jobs are not retried (the next interval is
 * the retry).
 */
export async function runTasksFromQueue(queue: JobQueue, tasks: BackgroundTask[], ctx: TaskContext, role: TaskQueueRole): Promise<{ stop(): Promise<void> }> {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  for (const t of tasks) await queue.createQueue(taskQueueName(t), "stately");
  if (role.work) {
    for (const t of tasks) {
      await queue.work(taskQueueName(t), async () => {
        try {
          await t.run(ctx);
        } catch (e) {
          ctx.log(`${t.name}: ${e instanceof Error ? e.message : String(e)}`);
          throw e;
        }
      }, role.pollMs !== undefined ? { pollMs: role.pollMs } : {});
    }
  }
  if (role.schedule) {
    for (const t of tasks) {
      const tick = () => {
        if (stopped) return;
        void queue.send(taskQueueName(t), {}, { retryLimit: 0 })
          .catch((e: unknown) => ctx.log(`schedule ${t.name}: ${e instanceof Error ? e.message : String(e)}`));
        const timer = setTimeout(() => { timers.delete(timer); tick(); }, t.intervalMs);
        timer.unref();
        timers.add(timer);
      };
      tick();
    }
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await queue.stop();
    },
  };
}
