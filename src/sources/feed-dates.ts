/**
 * Feed dates in the forms found in the wild, beyond what `ingest/dates.ts` reads (ISO 8601,
 * RFC 822 with UT/GMT/US zones, written dates): named zones (`CET`, `BST`, `ET`,
 * `Eastern Time`, IANA names such as `Europe/Paris`), 12-hour clocks, day-first numeric
 * dates, Unix timestamps. Pure.
 */
import * as chrono from "chrono-node";
import { DateTime, IANAZone } from "luxon";
import { normalizeDate } from "../ingest/dates.js";

/** Spelled-out US zone names chrono does not know, to IANA zones (DST-aware). */
const NAMED_ZONES: [RegExp, string][] = [
  [/\b(?:US\/)?Eastern(?: (?:Standard|Daylight))?(?: Time)?\b/i, "America/New_York"],
  [/\b(?:US\/)?Central(?: (?:Standard|Daylight))?(?: Time)?\b/i, "America/Chicago"],
  [/\b(?:US\/)?Mountain(?: (?:Standard|Daylight))?(?: Time)?\b/i, "America/Denver"],
  [/\b(?:US\/)?Pacific(?: (?:Standard|Daylight))?(?: Time)?\b/i, "America/Los_Angeles"],
];

const ISO_FORMAT = "yyyy-MM-dd'T'HH:mm:ssZZ";
const pad = (n: number) => String(n).padStart(2, "0");

function offsetString(minutes: number): string {
  const m = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/**
 * A feed date string → ISO 8601 with the stated offset (`2025-03-03T09:00:00+01:00`), a
 * local time without offset when the source names no zone, or a date alone; null when it
 * cannot be read. Relative dates ("yesterday") are not accepted: a feed date is absolute.
 */
export function parseFeedDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.trim().replace(/\s+/g, " ");
  if (!s) return null;
  const known = normalizeDate(s);
  // The shared reader drops zones it does not know and times after written dates: use it
  // only when it kept an offset, else read the string again below.
  if (known && /(?:[+-]\d{2}:\d{2}|Z)$/.test(known)) return known;
  if (/^\d{10}(?:\d{3})?$/.test(s)) {
    const ms = s.length === 13 ? Number(s) : Number(s) * 1000;
    return DateTime.fromMillis(ms, { zone: "utc" }).toFormat(ISO_FORMAT);
  }
  // An IANA zone written after the time (`2025-03-03T09:00:00 Europe/Paris`).
  let zone: string | null = null;
  let text = s;
  const iana = /\b([A-Z][A-Za-z_]+\/[A-Za-z_]+(?:\/[A-Za-z_]+)?)\b/.exec(s);
  if (iana && IANAZone.isValidZone(iana[1]!)) {
    zone = iana[1]!;
    text = s.replace(iana[0], " ").trim();
  } else {
    for (const [re, z] of NAMED_ZONES) {
      if (re.test(s)) {
        zone = z;
        text = s.replace(re, " ").trim();
        break;
      }
    }
  }
  const iso = normalizeDate(text.replace(/[,\s]+$/, ""));
  const results = chrono.strict.parse(text, new Date(0), { forwardDate: false });
  const r = results[0];
  if (!r || !r.start.isCertain("year") || !r.start.isCertain("month") || !r.start.isCertain("day")) {
    if (iso && zone && /T\d{2}:\d{2}:\d{2}$/.test(iso)) return DateTime.fromISO(iso, { zone }).toFormat(ISO_FORMAT);
    return iso ?? known;
  }
  const y = r.start.get("year")!, mo = r.start.get("month")!, d = r.start.get("day")!;
  if (!r.start.isCertain("hour")) return `${y}-${pad(mo)}-${pad(d)}`;
  const h = r.start.get("hour")!, mi = r.start.get("minute") ?? 0, sec = r.start.get("second") ?? 0;
  const base = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(sec)}`;
  if (zone) return DateTime.fromISO(base, { zone }).toFormat(ISO_FORMAT);
  if (r.start.isCertain("timezoneOffset")) return base + offsetString(r.start.get("timezoneOffset")!);
  return base;
}
