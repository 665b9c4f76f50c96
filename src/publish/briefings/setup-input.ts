/**
 * The body of `POST /api/v1/briefings`: a {@link BriefingSetup} as JSON, checked field by
 * field (only known fields are kept, strings trimmed, lengths bounded) before the state
 * machine's own `checkSetup`.
 */
import { PressroomError } from "../../core/errors.js";
import { checkSetup } from "../../briefing/setup.js";
import type { BriefingSetup, Embargo, Official } from "../../briefing/types.js";
import { isBriefingTime, MAX_ID_CHARS } from "../../briefing/command.js";
import type { Basis } from "../../core/transcript-types.js";

/** Longest title accepted, in characters. */
export const MAX_TITLE_CHARS = 500;
/** Most officials in one briefing. */
export const MAX_OFFICIALS = 50;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function bad(message: string): never {
  throw new PressroomError("PRESSROOM_E_BAD_REQUEST", message);
}

function text(v: unknown, field: string, max: number): string {
  if (typeof v !== "string" || v.trim() === "") bad(`${field} must be a non-empty string`);
  const t = v.trim();
  if (t.length > max) bad(`${field} is longer than ${max} characters`);
  return t;
}

function optText(v: unknown, field: string, max: number): string | null {
  if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) return null;
  return text(v, field, max);
}

/** Epoch ms from a number of ms or an ISO 8601 string with a time zone. */
function instant(v: unknown, field: string): number {
  let ms: number | null = null;
  if (typeof v === "number") ms = v;
  else if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v.trim())) ms = Math.floor(Date.parse(v.trim()));
  if (ms !== null && isBriefingTime(ms)) return ms;
  return bad(`${field} must be whole epoch milliseconds or an ISO 8601 time with a zone (2026-05-04T14:00:00Z), from 2000-01-01 to 2100-01-01 UTC`);
}

function embargo(v: unknown): Embargo {
  if (v === undefined || v === null) return null;
  if (v === "end_of_call") return "end_of_call";
  if (isObj(v) && v.until !== undefined) return { until: instant(v.until, "groundRules.embargo.until") };
  return bad('groundRules.embargo must be "end_of_call", {"until": time} or null');
}

function official(v: unknown, i: number): Official {
  if (!isObj(v)) bad(`officials[${i}] must be an object with id, realName and label`);
  const o: Official = { id: text(v.id, `officials[${i}].id`, MAX_ID_CHARS), realName: text(v.realName, `officials[${i}].realName`, MAX_ID_CHARS), label: text(v.label, `officials[${i}].label`, MAX_ID_CHARS) };
  const a = optText(v.attribution, `officials[${i}].attribution`, MAX_ID_CHARS);
  if (a !== null) o.attribution = a;
  return o;
}

/**
 * Check a create-briefing body.
 * Staff ids default to `moderator`, `operator`, `stenographer`; `listeners` (`public` or
 * `readers`) defaults to public; times may be epoch ms or ISO 8601 strings.
 * @throws PressroomError `PRESSROOM_E_BAD_REQUEST` naming the first bad field.
 */
export function parseSetupInput(body: unknown): BriefingSetup & { listeners?: "public" | "readers" } {
  if (!isObj(body)) bad("the body must be a JSON object (the briefing's set-up)");
  const gr = body.groundRules ?? {};
  if (!isObj(gr)) bad("groundRules must be an object");
  if (body.officials !== undefined && !Array.isArray(body.officials)) bad("officials must be an array");
  const officials = ((body.officials as unknown[] | undefined) ?? []).map(official);
  if (officials.length > MAX_OFFICIALS) bad(`at most ${MAX_OFFICIALS} officials`);
  let graceMs: number | undefined;
  if (body.graceMs !== undefined && body.graceMs !== null) {
    if (typeof body.graceMs !== "number" || !Number.isFinite(body.graceMs) || body.graceMs < 0 || body.graceMs > 24 * 3_600_000) bad("graceMs must be a number of milliseconds from 0 to 86400000");
    graceMs = body.graceMs;
  }
  const listeners = body.listeners;
  if (listeners !== undefined && listeners !== null && listeners !== "public" && listeners !== "readers") bad('listeners must be "public" or "readers"');
  const setup: BriefingSetup & { listeners?: "public" | "readers" } = {
    title: text(body.title, "title", MAX_TITLE_CHARS),
    section: optText(body.section, "section", MAX_ID_CHARS),
    scheduledStart: instant(body.scheduledStart, "scheduledStart"),
    groundRules: {
      basis: (optText(gr.basis, "groundRules.basis", 40) as Basis | null),
      attribute_to: optText(gr.attribute_to, "groundRules.attribute_to", MAX_ID_CHARS),
      embargo: embargo(gr.embargo),
    },
    officials,
    moderatorId: optText(body.moderatorId, "moderatorId", MAX_ID_CHARS) ?? "moderator",
    operatorId: optText(body.operatorId, "operatorId", MAX_ID_CHARS) ?? "operator",
    stenographerId: optText(body.stenographerId, "stenographerId", MAX_ID_CHARS) ?? "stenographer",
    dateline: optText(body.dateline, "dateline", MAX_ID_CHARS),
  };
  if (graceMs !== undefined) setup.graceMs = graceMs;
  if (listeners === "readers" || listeners === "public") setup.listeners = listeners;
  const err = checkSetup(setup);
  if (err) bad(err.message);
  return setup;
}
