/** The `dedupe` background task entry (see `process.ts`). */
import type { BackgroundTask } from "../worker/tasks.js";
import { DEDUPE_INTERVAL_MS, runDedupe } from "./process.js";

/** Background task `dedupe`: every {@link DEDUPE_INTERVAL_MS} ms, group newly public items into stories. */
export function dedupeTask(): BackgroundTask {
  return {
    name: "dedupe",
    intervalMs: DEDUPE_INTERVAL_MS,
    async run(ctx) {
      const r = await runDedupe(ctx.store);
      if (r.created || r.joined) ctx.log(`dedupe: ${r.processed} items checked, ${r.created} stories created, ${r.joined} items joined a story`);
    },
  };
}
