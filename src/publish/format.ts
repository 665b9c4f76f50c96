import { DateTime } from "luxon";
import { PressroomError } from "../core/errors.js";
import type { Basis, EventType, GroundRules, Kind, Role } from "../core/transcript-types.js";

const INT = new Intl.NumberFormat("en-US");

/** Group a count the en-US way: `451514` → `451,514`. */
export function formatCount(n: number): string {
  return INT.format(n);
}

/**
 * The wire's rolling counters as a sentence, singular/plural by the first count:
 * "There were 143 press releases posted in the last 24 hours and 451,514 in the last 365 days".
 */
export function countersSentence(last24h: number, last365d: number): string {
  const one = last24h === 1;
  return `There ${one ? "was" : "were"} ${formatCount(last24h)} press ${one ? "release" : "releases"} posted in the last 24 hours and ${formatCount(last365d)} in the last 365 days`;
}

const KIND_LABELS: Record<Kind, string> = {
  transcript: "Transcript",
  press_release: "Press release",
  statement: "Statement",
  fact_sheet: "Fact sheet",
  readout: "Readout",
  speech: "Speech",
  media_note: "Media note",
  other: "Other",
};

/** Human label of an item kind. */
export function kindLabel(kind: Kind): string {
  return KIND_LABELS[kind] ?? kind;
}

const ROLE_LABELS: Record<Role, string> = {
  official: "Official",
  moderator: "Moderator",
  operator: "Operator",
  questioner: "Questioner",
  interpreter: "Interpreter",
  other: "Other",
};

/** Human label of a participant role. */
export function roleLabel(role: Role): string {
  return ROLE_LABELS[role] ?? "Other";
}

const BASIS_LABELS: Record<Basis, string> = {
  on_the_record: "On the record",
  on_background: "On background",
  deep_background: "On deep background",
  off_the_record: "Off the record",
};

/** Human label of a ground-rules basis. */
export function basisLabel(basis: Basis): string {
  return BASIS_LABELS[basis] ?? basis;
}

function article(noun: string): string {
  return /^(?:[aeio]|u(?!ni|s[aeiou]|\.s\.))/i.test(noun) ? "an" : "a";
}

/**
 * The embargo as a sentence, or null when there is none: `end of the call` →
 * "Embargoed until the end of the call."; `3:00 p.m. EDT` → "Embargoed until 3:00 p.m. EDT.".
 */
export function embargoSentence(embargo: string | null | undefined): string | null {
  let e = typeof embargo === "string" ? embargo.replace(/\s+/g, " ").trim() : "";
  if (!e) return null;
  e = e.replace(/^(?:embargoed\s+)?(?:until|till|to)\s+/i, "").replace(/[.\s]+$/, "");
  if (!e) return null;
  if (/^(?:end|conclusion|close)\b/i.test(e)) e = `the ${e}`;
  return `Embargoed until ${e}.`;
}

/**
 * The ground-rules banner text, or null when the source states none:
 * "On background: attribute to a Senior State Department Official. Embargoed until the end of the call."
 * Every part is optional; a missing basis, attribution or embargo is simply left out.
 */
export function groundRulesSentence(g: GroundRules | null | undefined): string | null {
  if (!g) return null;
  const attr = g.attribute_to?.trim() || null;
  const embargo = embargoSentence(g.embargo);
  let main: string | null = null;
  const attribution = attr ? `attribute to ${article(attr)} ${attr}.` : null;
  if (g.basis && attribution) main = `${basisLabel(g.basis)}: ${attribution}`;
  else if (g.basis) main = `${basisLabel(g.basis)}.`;
  else if (attr) main = `Attribute to ${article(attr)} ${attr}.`;
  if (main && embargo) return `${main} ${embargo}`;
  return main ?? embargo;
}

const EVENT_LABELS: Record<EventType, string> = {
  inaudible: "Inaudible",
  crosstalk: "Cross-talk",
  laughter: "Laughter",
  applause: "Applause",
  dropped: "Line dropped",
  rejoined: "Line rejoined",
  pause: "Pause",
  interpretation: "Via interpreter",
  off_mic: "Off mic",
  other: "Aside",
};

/** Human label of a transcript event. */
export function eventLabel(t: EventType): string {
  return EVENT_LABELS[t] ?? "Aside";
}

/** A time for display: the machine-readable value for `<time datetime>` and the reader's text. */
export interface DisplayTime {
  datetime: string;
  text: string;
}

const NY = "America/New_York";

/**
 * Render the source's publication time in the reader's terms.
 * A stated offset is kept (named as Eastern time when it is New York's offset at that
 * instant, else `UTC±h`); a date alone is shown as a date; without either, `fallbackMs` in UTC.
 */
export function displayPublished(published: string | null, fallbackMs: number | null): DisplayTime | null {
  const key = `${published ?? ""}|${fallbackMs ?? ""}`;
  const hit = displayCache.get(key);
  if (hit !== undefined) return hit;
  const value = computePublished(published, fallbackMs);
  if (displayCache.size >= DISPLAY_CACHE_MAX) displayCache.delete(displayCache.keys().next().value!);
  displayCache.set(key, value);
  return value;
}

// Time-zone formatting costs a few hundred µs per call; the same few values repeat on every page.
const DISPLAY_CACHE_MAX = 10_000;
const displayCache = new Map<string, DisplayTime | null>();

function computePublished(published: string | null, fallbackMs: number | null): DisplayTime | null {
  if (published) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(published)) {
      const d = DateTime.fromISO(published, { zone: "utc" });
      if (d.isValid) return { datetime: published, text: d.setLocale("en-US").toFormat("MMMM d, yyyy") };
    }
    const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(published);
    const d = DateTime.fromISO(published, { setZone: true });
    if (d.isValid) {
      const utc = d.toUTC().toISO({ suppressMilliseconds: true }) ?? published;
      if (!hasOffset) return { datetime: utc, text: `${fmt(d.setZone("utc", { keepLocalTime: true }))} UTC` };
      return { datetime: d.toUTC().toISO({ suppressMilliseconds: true }) ?? utc, text: withZone(d) };
    }
  }
  if (fallbackMs === null) return null;
  return displayInstant(fallbackMs);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * An instant shown in UTC: `datetime` as RFC 3339 (`2021-04-30T14:05:00Z`, milliseconds
 * only when not zero), `text` as en-US `April 30, 2021, 2:05 PM UTC`. Years 0-9999 are
 * formatted here from the UTC fields (an item page shows several instants, and Luxon's
 * locale formatting costs 100-300 µs each: a tenth of an uncached page); other years go
 * through Luxon. Same output as Luxon's `MMMM d, yyyy, h:mm a` (tested against it).
 */
export function displayInstant(ms: number): DisplayTime {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (Number.isFinite(year) && year >= 0 && year <= 9999) {
    const iso = date.toISOString();
    const h = date.getUTCHours();
    const text = `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${String(year).padStart(4, "0")}, ${h % 12 === 0 ? 12 : h % 12}:${String(date.getUTCMinutes()).padStart(2, "0")} ${h < 12 ? "AM" : "PM"} UTC`;
    return { datetime: date.getUTCMilliseconds() === 0 ? `${iso.slice(0, 19)}Z` : iso, text };
  }
  return displayInstantLuxon(ms);
}

/** {@link displayInstant} through Luxon (any year it can show). */
export function displayInstantLuxon(ms: number): DisplayTime {
  const d = DateTime.fromMillis(ms, { zone: "utc" });
  // A stored time outside what a date can show (e.g. 1e20 written before the set-up checks
  // existed) is shown as its number rather than failing the whole page.
  if (!d.isValid) return { datetime: "", text: `${ms} ms since 1970 (not a valid date)` };
  return { datetime: d.toISO({ suppressMilliseconds: true }) ?? "", text: `${fmt(d)} UTC` };
}

function fmt(d: DateTime): string {
  return d.setLocale("en-US").toFormat("MMMM d, yyyy, h:mm a");
}

function withZone(d: DateTime): string {
  const offset = d.offset; // minutes
  if (offset === 0) return `${fmt(d)} UTC`;
  const ny = d.setZone(NY);
  if (ny.offset === offset) return `${fmt(ny)} ${ny.toFormat("ZZZZ")}`;
  const sign = offset < 0 ? "−" : "+";
  const abs = Math.abs(offset);
  const hh = Math.floor(abs / 60);
  const mm = abs % 60;
  return `${fmt(d)} UTC${sign}${hh}${mm ? `:${String(mm).padStart(2, "0")}` : ""}`;
}

/** The date part of an epoch-ms instant in UTC (`2021-04-30`). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** JSON-schema pattern for a filter date: a date alone or a date-time with offset. */
export const DATE_PARAM_PATTERN = "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$";

/**
 * Parse a `from`/`to` filter value to epoch ms (UTC). A date alone is the start of that
 * day (`from`) or its last millisecond (`to`), so both bounds are inclusive.
 * @throws PressroomError `PRESSROOM_E_BAD_REQUEST` for anything else.
 */
export function parseDateParam(name: string, value: string | undefined, end: boolean): number | undefined {
  if (value === undefined || value === "") return undefined;
  const v = value.trim();
  if (DATE_RE.test(v)) {
    const d = DateTime.fromISO(v, { zone: "utc" });
    if (!d.isValid) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `${name} is not a real date: ${v}`);
    return (end ? d.endOf("day") : d.startOf("day")).toMillis();
  }
  if (DATETIME_RE.test(v)) {
    const d = DateTime.fromISO(v, { setZone: true });
    if (!d.isValid) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `${name} is not a real date-time: ${v}`);
    return d.toMillis();
  }
  throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `${name} must be a date like 2021-04-30 or a date-time like 2021-04-30T17:40:00Z`);
}

/** The source's publication time as RFC 3339 (offset kept), for APIs; a date alone becomes midnight UTC. */
export function rfc3339Published(published: string | null, publishedAt: number | null): string | null {
  if (published && DATETIME_RE.test(published)) return published;
  if (publishedAt !== null) return new Date(publishedAt).toISOString();
  return null;
}
