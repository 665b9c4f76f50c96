/** The `classify` background task: gives new and changed public items their Media Topics. */
import type { BackgroundTask } from "../worker/tasks.js";
import { classifyPending } from "./service.js";

/** Items classified per run at most, so one run stays short (the rest follow next run). */
export const CLASSIFY_PER_RUN = 500;

/** Runs every 5 s inside `pressroom serve` and `pressroom worker`; does nothing before `topics load`. */
export const classifyTask: BackgroundTask = {
  name: "classify",
  intervalMs: 5_000,
  async run(ctx) {
    const r = await classifyPending(ctx.store, { maxItems: CLASSIFY_PER_RUN });
    if (r.classified > 0) ctx.log(`classify: ${r.classified} item(s) classified, ${r.withSubjects} with subjects`);
  },
};
