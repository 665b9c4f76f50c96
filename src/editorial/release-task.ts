/**
 * The `release` background task: every second, move held items whose embargo or scheduled
 * time has come into the public tables (`store.editorial.releaseDue`). Runs in
 * `pressroom serve` and `pressroom worker`; after downtime its first run catches up on
 * everything whose time passed, each posted at its own release time.
 */
import type { BackgroundTask } from "../worker/tasks.js";

/** Interval between runs (ms). Released items appear within about this long (plus page caches of a few seconds). */
export const RELEASE_INTERVAL_MS = 1000;

/** The release task. */
export function releaseTask(): BackgroundTask {
  return {
    name: "release",
    intervalMs: RELEASE_INTERVAL_MS,
    async run(ctx) {
      const released = await ctx.store.editorial.releaseDue(ctx.clock.now());
      for (const r of released) ctx.log(`released ${r.id} (was ${r.was}, posted ${new Date(r.postedAt).toISOString()})`);
    },
  };
}
