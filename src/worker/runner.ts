/**
 * Runs {@link BackgroundTask}s: each on its own timer (never two runs of one task at once),
 * or every task once in order (`pressroom worker --once`, tests).
 */
import type { BackgroundTask, TaskContext } from "./tasks.js";

/** Run every task once, in order; a task that throws is logged and the rest still run. Returns the names of failed tasks. */
export async function runTasksOnce(tasks: BackgroundTask[], ctx: TaskContext): Promise<string[]> {
  const failed: string[] = [];
  for (const t of tasks) {
    try {
      await t.run(ctx);
    } catch (e) {
      failed.push(t.name);
      ctx.log(`${t.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return failed;
}

/**
 * Start every task on its interval (first run at once). Returns `stop()`, which resolves
 * when runs in flight have finished; no new run starts after it is called.
 */
export function startTasks(tasks: BackgroundTask[], ctx: TaskContext): { stop(): Promise<void> } {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const inflight = new Set<Promise<void>>();
  const loop = (t: BackgroundTask) => {
    if (stopped) return;
    const p = t.run(ctx).catch((e: unknown) => ctx.log(`${t.name}: ${e instanceof Error ? e.message : String(e)}`));
    inflight.add(p);
    void p.finally(() => {
      inflight.delete(p);
      if (stopped) return;
      const timer = setTimeout(() => { timers.delete(timer); loop(t); }, t.intervalMs);
      timer.unref();
      timers.add(timer);
    });
  };
  for (const t of tasks) loop(t);
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.all([...inflight]);
    },
  };
}
