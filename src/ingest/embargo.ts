/**
 * Embargo lines of ingested documents: "EMBARGOED UNTIL 10:00 A.M. EDT, TUESDAY, MAY 5, 2026",
 * "Embargoed until 00:01 GMT 12 March 2026", "EMBARGO: 6 a.m. ET Thursday, March 5, 2026",
 * "Under embargo until 2026-05-05T14:00Z", "HOLD FOR RELEASE UNTIL ...".
 *
 * Pure: no clock, no I/O. Time zones through luxon (IANA rules, so "ET" follows daylight
 * saving time on the stated date). Rules, chosen so that an embargo is never lifted early:
 * - A stated abbreviation with a fixed offset is taken as stated (`EDT` = UTC−4, `EST` = UTC−5,
 *   `BST` = UTC+1, `CET` = UTC+1, `CEST` = UTC+2, `GMT`/`UTC`/`Z` = UTC); a generic one
 *   (`ET`, `Eastern Time`, `CT`, `MT`, `PT`, `UK time`) follows the zone's rules on that date.
 * - A local time that occurs twice (the hour after clocks go back) is read as the later instant;
 *   one that does not exist (the hour skipped in spring) is read with the offset in force
 *   before the change, i.e. moved forward by the gap (2:30 a.m. ET on the spring-forward day
 *   is 3:30 a.m. EDT).
 * - No time zone: read as the latest instant the wall time can mean anywhere (UTC−12,
 *   "anywhere on Earth"), so the item is never released before the stated time has come
 *   everywhere.
 * - No time of day: the start of the stated day; "midnight" is the end of the stated day
 *   (24:00), "noon" is 12:00.
 * - No date ("until the end of the call", "until 10 a.m.") → null: there is no absolute time.
 *   Briefing ground rules keep such an embargo as text (see `transcript/ground-rules.ts`).
 */
import { DateTime } from "luxon";

/** An embargo found in a document: the stated line and its lift time. */
export interface FoundEmbargo {
  /** The embargo as stated (trimmed line, at most 200 characters). */
  stated: string;
  /** Lift time, epoch ms (UTC); null when the statement has no absolute time. */
  at: number | null;
}

const TRIGGER = /\b(?:(?:strictly\s+)?(?:under\s+)?embargo(?:ed)?(?:\s+(?:until|till|to|for|at|through))?|hold\s+for\s+release(?:\s+(?:until|till|at))?|not\s+for\s+(?:release|publication|broadcast)(?:\s+(?:before|until|till))?|for\s+release\s+(?:at|on|after))\b\s*[:\-–—]?\s*/i;

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

/** Zone words → a fixed offset in minutes (number) or an IANA zone (string). Longest first in the pattern. */
const ZONES: Record<string, number | string> = {
  "eastern daylight time": -240, "eastern standard time": -300, "eastern time": "America/New_York", eastern: "America/New_York",
  "central daylight time": -300, "central standard time": -360, "central time": "America/Chicago",
  "mountain daylight time": -360, "mountain standard time": -420, "mountain time": "America/Denver",
  "pacific daylight time": -420, "pacific standard time": -480, "pacific time": "America/Los_Angeles", pacific: "America/Los_Angeles",
  "greenwich mean time": 0, "british summer time": 60, "uk time": "Europe/London", "london time": "Europe/London",
  "central european summer time": 120, "central european time": 60, "brussels time": "Europe/Brussels", "paris time": "Europe/Paris",
  "washington time": "America/New_York", "new york time": "America/New_York",
  edt: -240, est: -300, et: "America/New_York",
  cdt: -300, cst: -360, ct: "America/Chicago",
  mdt: -360, mst: -420, mt: "America/Denver",
  pdt: -420, pst: -480, pt: "America/Los_Angeles",
  gmt: 0, utc: 0, z: 0, bst: 60, wet: 0, west: 60, cet: 60, cest: 120, eet: 120, eest: 180,
  jst: 540, kst: 540, ist: 330, aest: 600, aedt: 660,
};
const ZONE_WORDS = Object.keys(ZONES).sort((a, b) => b.length - a.length).map((z) => z.replace(/ /g, "\\s+"));
const ZONE_RE = new RegExp(String.raw`(?<![\p{L}])(${ZONE_WORDS.join("|")})(?:\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?)?(?![\p{L}])`, "iu");
/** A bare numeric offset: +02:00, -0500, +2 (after a time). */
const OFFSET_RE = /(?:^|\s)([+-−])(\d{2}):?(\d{2})(?!\d)/;

const TIME_RE = /(?<![\d:])(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)?(?![\d])/i;
const ISO_RE = /(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?/i;
const DATE_MDY = /\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b/i;
const DATE_DMY = /(?<![:.\d])\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?(?:\s+(\d{4}))?\b/i;

interface Wall { y: number; mo: number; d: number; h: number; mi: number; s: number }

/** Epoch ms of a wall time at a fixed offset (minutes east of UTC). */
function atOffset(w: Wall, offsetMin: number): number {
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - offsetMin * 60_000;
}

/** Epoch ms of a wall time in an IANA zone: the later instant when it occurs twice, the next valid one when it never occurs. */
function inZone(w: Wall, zone: string): number | null {
  const guess = DateTime.fromObject({ year: w.y, month: w.mo, day: w.d, hour: w.h, minute: w.mi, second: w.s }, { zone });
  if (!guess.isValid) return null;
  const naive = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  const offsets = new Set<number>();
  for (const dh of [-26, -3, 0, 3, 26]) offsets.add(DateTime.fromMillis(guess.toMillis() + dh * 3_600_000, { zone }).offset);
  let best: number | null = null;
  for (const o of offsets) {
    const t = naive - o * 60_000;
    const back = DateTime.fromMillis(t, { zone });
    if (back.year === w.y && back.month === w.mo && back.day === w.d && back.hour === w.h && back.minute === w.mi && back.second === w.s) {
      if (best === null || t > best) best = t;
    }
  }
  return best ?? guess.toMillis();
}

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1970 || y > 9999) return false;
  return new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d;
}

/**
 * Read the time of an embargo statement (the text after "EMBARGOED UNTIL", or the whole line).
 * @param text e.g. `10:00 A.M. EDT, TUESDAY, MAY 5, 2026` or a whole line with its trigger.
 * @param opts.referenceYear year to assume when the statement gives none (default: none → null).
 * @returns epoch ms (UTC), or null when there is no date (or it is not a real date).
 */
export function parseEmbargo(text: string, opts: { referenceYear?: number } = {}): number | null {
  if (typeof text !== "string") return null;
  let s = text.replace(/\s+/g, " ").trim();
  const trig = TRIGGER.exec(s);
  if (trig) s = s.slice(trig.index + trig[0].length);
  s = s.slice(0, 160);

  // ISO 8601 first.
  const iso = ISO_RE.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec, off] = iso;
    const w: Wall = { y: +y!, mo: +mo!, d: +d!, h: h ? +h : 0, mi: mi ? +mi : 0, s: sec ? +sec : 0 };
    if (!validDate(w.y, w.mo, w.d) || w.h > 23 || w.mi > 59 || w.s > 59) return null;
    if (off) {
      if (off.toUpperCase() === "Z") return atOffset(w, 0);
      const sign = off[0] === "-" ? -1 : 1;
      const digits = off.slice(1).replace(":", "");
      return atOffset(w, sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0")));
    }
    const rest = s.slice(iso.index + iso[0].length);
    return withZone(w, rest, !h);
  }

  // Date in words.
  let y: number | undefined, mo: number | undefined, d: number | undefined;
  let dateSpan: [number, number] | null = null;
  const mdy = DATE_MDY.exec(s);
  const dmy = DATE_DMY.exec(s);
  const pick = mdy && dmy ? (mdy.index <= dmy.index ? "mdy" : "dmy") : mdy ? "mdy" : dmy ? "dmy" : null;
  if (pick === "mdy" && mdy) {
    mo = MONTHS[mdy[1]!.toLowerCase().replace(/\.$/, "")]; d = Number(mdy[2]); y = mdy[3] ? Number(mdy[3]) : undefined;
    dateSpan = [mdy.index, mdy.index + mdy[0].length];
  } else if (pick === "dmy" && dmy) {
    d = Number(dmy[1]); mo = MONTHS[dmy[2]!.toLowerCase().replace(/\.$/, "")]; y = dmy[3] ? Number(dmy[3]) : undefined;
    dateSpan = [dmy.index, dmy.index + dmy[0].length];
  } else {
    // Numeric day/month/year is ambiguous (5/6/2026): only the unambiguous ISO form is read.
    return null;
  }
  if (y === undefined) y = opts.referenceYear;
  if (y === undefined || mo === undefined || d === undefined || !validDate(y, mo, d)) return null;

  // The time of day, outside the date text.
  const outside = s.slice(0, dateSpan[0]) + " ¦ " + s.slice(dateSpan[1]);
  let h = 0, mi = 0, sec = 0, noTime = true, endOfDay = false;
  if (/\bnoon\b/i.test(outside)) { h = 12; noTime = false; }
  else if (/\bmidnight\b/i.test(outside)) { endOfDay = true; noTime = false; }
  else {
    const m = findTime(outside);
    if (m) { h = m.h; mi = m.mi; sec = m.s; noTime = false; }
  }
  const w: Wall = { y, mo, d, h, mi, s: sec };
  const t = withZone(w, outside, noTime);
  if (t === null) return null;
  return endOfDay ? t + 86_400_000 : t;
}

/** The first time of day in `s`: needs a.m./p.m. or hh:mm (a bare number is not a time). */
function findTime(s: string): { h: number; mi: number; s: number } | null {
  const re = new RegExp(TIME_RE.source, "gi");
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const [, hh, mm, ss, ap] = m;
    if (!mm && !ap) continue;
    let h = Number(hh);
    const mi = mm ? Number(mm) : 0;
    if (mi > 59 || h > 24) continue;
    if (ap) {
      if (h < 1 || h > 12) continue;
      const pm = /^p/i.test(ap);
      if (h === 12) h = pm ? 12 : 0;
      else if (pm) h += 12;
    } else if (h === 24) {
      if (mi !== 0) continue;
      h = 0; // 24:00 handled as 00:00 (rare in embargo lines)
    }
    return { h, mi, s: ss ? Number(ss) : 0 };
  }
  return null;
}

/** Apply the zone stated in `rest` (or "anywhere on Earth" when none) to a wall time. */
function withZone(w: Wall, rest: string, _noTime: boolean): number | null {
  const z = ZONE_RE.exec(rest);
  if (z) {
    const key = z[1]!.toLowerCase().replace(/\s+/g, " ");
    const base = ZONES[key];
    if (z[2] && z[3] && (key === "gmt" || key === "utc")) {
      const sign = z[2] === "-" || z[2] === "−" ? -1 : 1;
      return atOffset(w, sign * (Number(z[3]) * 60 + Number(z[4] ?? "0")));
    }
    if (typeof base === "number") return atOffset(w, base);
    if (typeof base === "string") return inZone(w, base);
  }
  const o = OFFSET_RE.exec(rest);
  if (o) {
    const sign = o[1] === "-" || o[1] === "−" ? -1 : 1;
    return atOffset(w, sign * (Number(o[2]) * 60 + Number(o[3])));
  }
  return atOffset(w, -12 * 60);
}

/**
 * Find an embargo statement in a document's text: the first line (within the first 40
 * lines or paragraphs) with a time that starts with an embargo trigger ("EMBARGOED UNTIL ...",
 * "Embargo: ...", "Under embargo until ...", "HOLD FOR RELEASE UNTIL ...", "NOT FOR RELEASE
 * BEFORE ..."), or that has one later in the line followed by a full date (a title line
 * such as "FOR IMMEDIATE RELEASE EMBARGOED UNTIL 10 A.M. ET, MAY 5, 2026").
 * @param lines the document's paragraphs or lines, in order.
 * A trigger line without a usable time (a headline "Embargo on Steel Imports Extended",
 * "embargoed until the end of the call") never hides a later line with one; it is returned
 * (with `at: null`) only when no line states a time.
 * @returns the statement and its time, or null when there is none.
 */
export function findEmbargo(lines: readonly string[], opts: { referenceYear?: number } = {}): FoundEmbargo | null {
  // A line that names an embargo without a time ("Embargo on Steel Imports Extended" as a
  // headline, "embargoed until the end of the call") must not hide a later line that states
  // one: scanning goes on, and the first timeless statement is kept only as a fallback.
  let timeless: FoundEmbargo | null = null;
  for (const raw of lines.slice(0, 40)) {
    for (const line of raw.split(/\n/)) {
      const t = line.replace(/\s+/g, " ").trim();
      if (t.length === 0 || t.length > 300) continue;
      const m = TRIGGER.exec(t);
      if (!m) continue;
      // The trigger opens the line (possibly after a bracket or asterisks): "EMBARGOED UNTIL ...".
      if (/^[\s*_#[(>-]*$/.test(t.slice(0, m.index))) {
        const at = /^(?:\W*)embargo(?:ed)?\b/i.test(t) && !/\d/.test(t) ? null : parseEmbargo(t, opts);
        if (at !== null) return { stated: t.slice(0, 200), at };
        timeless ??= { stated: t.slice(0, 200), at: null };
        continue;
      }
      // Inside a line ("FOR IMMEDIATE RELEASE EMBARGOED UNTIL ..."): only when it states a full time.
      const rest = t.slice(m.index);
      const at = parseEmbargo(rest, opts);
      if (at !== null) return { stated: rest.slice(0, 200), at };
    }
  }
  return timeless;
}
