/**
 * Rebuilding a briefing from its command log: what the store will do after a restart.
 */
import { apply, type ApplyResult } from "./apply.js";
import type { BriefingError } from "./errors.js";
import type { BriefingState, Command } from "./types.js";

/** One entry of a briefing's command log: the command and the time it was applied (epoch ms UTC). */
export interface LogEntry {
  command: Command;
  now: number;
}

/** What {@link replay} returns: the final state and, per entry, whether it was accepted (refusals are kept, as when first applied). */
export interface Replayed {
  state: BriefingState;
  results: ({ ok: true; retried: boolean } | { ok: false; error: BriefingError })[];
}

/**
 * Apply `log` in order to `initial`. Refused commands leave the state as it was, exactly as
 * they did live, so replaying a log of everything received gives the state the call had.
 *
 * @param initial The state from `createBriefing(setup)`.
 * @param log Commands with the times they were applied.
 */
export function replay(initial: BriefingState, log: readonly LogEntry[]): Replayed {
  let state = initial;
  const results: Replayed["results"] = [];
  for (const e of log) {
    const r: ApplyResult = apply(state, e.command, e.now);
    if (r.ok) { state = r.state; results.push({ ok: true, retried: r.retried }); }
    else results.push({ ok: false, error: r.error });
  }
  return { state, results };
}
