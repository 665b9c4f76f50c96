/**
 * When a running briefing needs the clock to move on by itself: the end of a dropped
 * journalist's grace period (a system `tick` then turns it into `place_lost` at once,
 * rather than with the next command) and the lifting of an embargo given as a time (the
 * listener views change then). Pure functions of the state; the service sets the timers.
 */
import type { BriefingState } from "./types.js";

/**
 * The first instant (epoch ms UTC) at which a `tick` would take away a dropped journalist's
 * place: `graceUntil + 1` of the earliest dropped connection that still holds a place in the
 * queue (the bound is inclusive, so the place is lost only after `graceUntil`). Null when no
 * place is waiting on a grace period, or when the call is closed.
 */
export function nextGraceDue(state: BriefingState): number | null {
  if (state.phase === "closed") return null;
  let due: number | null = null;
  for (const e of state.queue) {
    const c = state.connections[e.participant];
    if (c && c.status === "dropped" && (due === null || c.graceUntil + 1 < due)) due = c.graceUntil + 1;
  }
  return due;
}

/** When the embargo lifts by the clock (`{ until }`), if that is after `now`; else null (no embargo, `end_of_call`, or already lifted). */
export function embargoDue(state: BriefingState, now: number): number | null {
  const e = state.setup.groundRules.embargo;
  return e !== null && typeof e === "object" && e.until > now ? e.until : null;
}

/** The id of the system `tick` sent for a grace period ending at `due`: one id per instant, so a tick re-sent after a restart is a retry. */
export function tickCommandId(due: number): string {
  return `tick-${due}`;
}

/** Longest single wait (ms) before a timer re-checks the clock (Node's limit is about 24.8 days). */
export const MAX_TIMER_MS = 3_600_000;
