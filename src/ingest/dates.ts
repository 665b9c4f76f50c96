/**
 * Publication dates as the source states them, normalised to ISO 8601 without
 * changing the instant or the stated offset (never converted to UTC or local time).
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

/** Offsets (minutes east of UTC) of the zone abbreviations RFC 822 allows, plus common US ones. */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
};

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

function offsetString(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const m = Math.abs(minutes);
  return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

function monthNumber(name: string): number | null {
  return MONTHS[name.toLowerCase().replace(/\.$/, "").slice(0, name.toLowerCase().startsWith("sept") ? 4 : 3)] ?? null;
}

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1000 || y > 9999) return false;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCDate() === d;
}

/** `+0000`, `-04:00`, `Z`, `EDT` → minutes east of UTC; null when unknown. */
function parseOffset(z: string): number | null {
  const s = z.trim().toUpperCase();
  if (s in ZONES) return ZONES[s] ?? null;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(s);
  if (!m) return null;
  const v = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -v : v;
}

/**
 * RFC 822/2822 date (RSS `pubDate`), e.g. `Mon, 24 May 2021 15:09:52 +0000`
 * → `2021-05-24T15:09:52+00:00`. The stated offset is kept. Returns null when not parseable.
 */
export function parseRfc822(s: string): string | null {
  const m = /^\s*(?:[A-Za-z]{3,9},?\s*)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,4})?\s*$/.exec(s);
  if (!m) return null;
  let y = Number(m[3]);
  if (y < 100) y += y < 50 ? 2000 : 1900;
  const mo = monthNumber(m[2] ?? "");
  const d = Number(m[1]);
  if (mo === null || !validDate(y, mo, d)) return null;
  const base = `${y}-${pad(mo)}-${pad(d)}T${pad(Number(m[4]))}:${m[5]}:${m[6] ?? "00"}`;
  if (!m[7]) return base;
  const off = parseOffset(m[7]);
  return off === null ? base : base + offsetString(off);
}

/**
 * ISO-like date-time, e.g. front matter `2021-04-30 17:40:09-04:00` or Atom
 * `2021-04-30T21:40:09Z` → `2021-04-30T17:40:09-04:00` / `2021-04-30T21:40:09+00:00`.
 * A date alone (`2019-04-10`) stays a date alone. Returns null when not parseable.
 */
export function parseIsoLike(s: string): string | null {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T\s]+(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$/i.exec(s);
  if (!m) return null;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (!validDate(y, mo, d)) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (m[4] === undefined) return date;
  const base = `${date}T${m[4]}:${m[5]}:${m[6] ?? "00"}`;
  if (!m[7]) return base;
  const off = parseOffset(m[7]);
  return off === null ? base : base + offsetString(off);
}

const MONTH_RE = "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";

/** Matches a written date such as `April 27, 2020` / `June 04, 2025` / `27 April 2020` at the start of a string. */
export const WRITTEN_DATE_RE = new RegExp(`^\\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\\s+)?(?:${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})|(\\d{1,2})\\s+${MONTH_RE},?\\s+(\\d{4}))`, "i");

/**
 * A written date at the start of `s` (`April 27, 2020`, `Monday, June 4, 2025`,
 * `27 April 2020`) → `2020-04-27` (a date alone). Returns null when none.
 */
export function parseWrittenDate(s: string): string | null {
  const m = WRITTEN_DATE_RE.exec(s);
  if (!m) return null;
  const monthName = m[1] ?? m[5] ?? "";
  const d = Number(m[2] ?? m[4]);
  const y = Number(m[3] ?? m[6]);
  const mo = monthNumber(monthName);
  if (mo === null || !validDate(y, mo, d)) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** True when the whole line is only a date (optionally in parentheses), e.g. `(June 14, 2021)`. */
export function isDateLine(s: string): boolean {
  const t = s.trim().replace(/^\((.*)\)$/, "$1").trim();
  const m = WRITTEN_DATE_RE.exec(t);
  return m !== null && t.slice(m[0].length).trim().length === 0;
}

/** True for a clock-time line such as `1:13 P.M. EDT`, `2:06 p.m. EST`, `10:02 AM`. */
export function isTimeLine(s: string): boolean {
  return /^\s*(?:\(?\s*)?\d{1,2}:\d{2}\s*(?:[AaPp]\.?\s?[Mm]\.?)?\s*(?:[A-Z]{2,5}|LOCAL|local)?\s*\)?\s*$/.test(s);
}

/** Any of the supported forms (ISO-like, RFC 822, written date) → ISO 8601 string, or null. */
export function normalizeDate(s: string | null | undefined): string | null {
  if (!s) return null;
  return parseIsoLike(s) ?? parseRfc822(s) ?? parseWrittenDate(s);
}

/** True for a date line, a clock-time line, or a date followed by a time (`April 24, 2020 5:39 P.M. EDT`). */
export function isDateOrTimeLine(s: string): boolean {
  if (isTimeLine(s) || isDateLine(s)) return true;
  const t = s.trim().replace(/^\((.*)\)$/, "$1").trim();
  const m = WRITTEN_DATE_RE.exec(t);
  if (!m) return false;
  const rest = t.slice(m[0].length).replace(/^[\s,–—-]+/, "");
  return rest === "" || isTimeLine(rest);
}

const TRAILING_DATE_RE = new RegExp(`[\\s,]+(?:\\(?${WRITTEN_DATE_RE.source.replace(/^\^\\s\*/, "")}\\)?)(?:\\s+\\d{1,2}:\\d{2}\\s*(?:[AaPp]\\.?\\s?[Mm]\\.?)?\\s*[A-Z]{0,5})?\\s*$`, "i");

/** Removes a written date (and clock time) printed after a place on the same line: `Rose Garden March 29, 2020` → `Rose Garden`. */
export function stripTrailingDate(s: string): string {
  return s.replace(TRAILING_DATE_RE, "").trim();
}
