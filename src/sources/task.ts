/**
 * The `poll` background task: every run polls each source that is due (see `poll.ts`),
 * sharing one host gate across runs. Fetch and parse failures are recorded on the source
 * and logged; they never fail the task.
 */
import type { BackgroundTask } from "../worker/tasks.js";
import { pollDueSources, sharedHostGate } from "./poll.js";
import { publicCallbackBase } from "./websub.js";

/** How often the task looks for due sources (ms); each source keeps its own interval. */
export const POLL_TASK_INTERVAL_MS = 30_000;

/** The `poll` task. Network limits come from the environment (`PRESSROOM_FETCH_ALLOW`); WebSub callbacks use the task's base URL, else `PRESSROOM_BASE_URL`. */
export const pollTask: BackgroundTask = {
  name: "poll",
  intervalMs: POLL_TASK_INTERVAL_MS,
  async run(ctx) {
    // WebSub callbacks need the wire's public address; without one, feeds are only polled.
    const websubCallbackBase = publicCallbackBase(ctx.baseUrl ?? process.env.PRESSROOM_BASE_URL);
    const results = await pollDueSources(ctx.store, { clock: ctx.clock, log: ctx.log, gate: sharedHostGate(), websubCallbackBase });
    for (const r of results) {
      if (r.outcome === "failed") continue; // logged by pollSource
      const stored = r.imported + r.updated + r.held;
      if (stored > 0 || r.rejected.length > 0) {
        ctx.log(`poll: source ${r.sourceId}: ${r.imported} new, ${r.updated} updated, ${r.held} held, ${r.unchanged} unchanged, ${r.rejected.length} rejected`);
      }
    }
  },
};
