/**
 * Creating a briefing: {@link createBriefing} checks the moderator's set-up and returns the
 * state of a call that is `scheduled`, with nobody in it yet.
 */
import { BASES } from "../core/transcript-types.js";
import { briefingError, type BriefingError } from "./errors.js";
import { isBriefingTime, unsafeTextReason } from "./command.js";
import { DEFAULT_GRACE_MS, type BriefingSetup, type BriefingState } from "./types.js";

/** The refusal text for a time outside the accepted range. */
const TIME_RULE = (field: string) => `${field} must be a whole number of epoch milliseconds from 2000-01-01 to 2100-01-01 (UTC)`;

/** The set-up's free-text fields with their names (values not yet type-checked). */
function textFields(s: BriefingSetup): [string, unknown][] {
  const gr = (typeof s.groundRules === "object" && s.groundRules !== null ? s.groundRules : {}) as Partial<BriefingSetup["groundRules"]>;
  const out: [string, unknown][] = [
    ["title", s.title], ["section", s.section], ["dateline", s.dateline], ["groundRules.attribute_to", gr.attribute_to],
    ["moderatorId", s.moderatorId], ["operatorId", s.operatorId], ["stenographerId", s.stenographerId],
  ];
  if (Array.isArray(s.officials)) {
    s.officials.forEach((o, i) => {
      if (typeof o !== "object" || o === null) return;
      out.push([`officials[${i}].id`, o.id], [`officials[${i}].realName`, o.realName], [`officials[${i}].label`, o.label], [`officials[${i}].attribution`, o.attribution]);
    });
  }
  return out;
}

const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim().length > 0;

/**
 * Check a set-up: non-empty title; `scheduledStart` an integer of epoch ms from 2000-01-01 to
 * 2100-01-01 UTC; a known basis or null; embargo `"end_of_call"`, `{until: ms}` (same range) or null;
 * no control or bidi character in any text field (title, names, labels, ids, ...); every official with an id, a real name and
 * a label; moderator, operator, stenographer and official ids all non-empty and distinct;
 * `graceMs` (if given) a finite number ≥ 0.
 *
 * @returns null when the set-up is valid, else a `PRESSROOM_E_BRIEFING_BAD_SETUP` refusal.
 */
export function checkSetup(setup: BriefingSetup): BriefingError | null {
  const bad = (m: string) => briefingError("PRESSROOM_E_BRIEFING_BAD_SETUP", m);
  if (typeof setup !== "object" || setup === null) return bad("set-up must be an object");
  if (!nonEmpty(setup.title)) return bad("title must not be empty");
  if (setup.section !== null && typeof setup.section !== "string") return bad("section must be a string or null");
  for (const [field, v] of textFields(setup)) {
    const why = typeof v === "string" ? unsafeTextReason(v) : null;
    if (why) return bad(`${field} must not contain ${why}`);
  }
  if (!isBriefingTime(setup.scheduledStart)) return bad(TIME_RULE("scheduledStart"));
  const gr = setup.groundRules;
  if (typeof gr !== "object" || gr === null) return bad("groundRules must be an object");
  if (gr.basis !== null && !(BASES as readonly string[]).includes(gr.basis)) return bad(`groundRules.basis must be one of ${BASES.join(", ")} or null`);
  if (gr.attribute_to !== null && typeof gr.attribute_to !== "string") return bad("groundRules.attribute_to must be a string or null");
  const e = gr.embargo;
  if (!(e === null || e === "end_of_call" || (typeof e === "object" && e !== null && "until" in e))) {
    return bad('groundRules.embargo must be "end_of_call", {"until": ms} or null');
  }
  if (typeof e === "object" && e !== null && !isBriefingTime(e.until)) return bad(TIME_RULE("groundRules.embargo.until"));
  if (!Array.isArray(setup.officials)) return bad("officials must be an array");
  for (const o of setup.officials) {
    if (!nonEmpty(o?.id) || !nonEmpty(o?.realName) || !nonEmpty(o?.label)) return bad("every official needs an id, a realName and a label");
  }
  const ids = [setup.moderatorId, setup.operatorId, setup.stenographerId, ...setup.officials.map((o) => o.id)];
  if (!ids.every(nonEmpty)) return bad("moderatorId, operatorId and stenographerId must not be empty");
  if (new Set(ids).size !== ids.length) return bad("moderator, operator, stenographer and officials need distinct ids");
  if (setup.graceMs !== undefined && (typeof setup.graceMs !== "number" || !Number.isFinite(setup.graceMs) || setup.graceMs < 0)) {
    return bad("graceMs must be a number of milliseconds ≥ 0");
  }
  if (setup.listeners !== undefined && setup.listeners !== "public" && setup.listeners !== "readers") {
    return bad('listeners must be "public" or "readers"');
  }
  return null;
}

/**
 * A new briefing in phase `scheduled`.
 * @returns the state, or a `PRESSROOM_E_BRIEFING_BAD_SETUP` refusal (see {@link checkSetup}).
 */
export function createBriefing(setup: BriefingSetup): BriefingState | BriefingError {
  const err = checkSetup(setup);
  if (err) return err;
  return {
    version: 1,
    setup: { ...setup, graceMs: setup.graceMs ?? DEFAULT_GRACE_MS, officials: setup.officials.map((o) => ({ ...o })) },
    phase: "scheduled",
    seq: 0,
    openedAt: null,
    closedAt: null,
    journalists: [],
    queue: [],
    connections: {},
    current: null,
    lines: [],
    turns: [],
    marks: [],
    log: [],
    processed: {},
  };
}

/** Ids taken by the staff and officials of a briefing (journalists may not join under them). */
export function staffIds(setup: BriefingSetup): string[] {
  return [setup.moderatorId, setup.operatorId, setup.stenographerId, ...setup.officials.map((o) => o.id)];
}
