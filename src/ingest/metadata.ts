import type { Kind } from "../core/transcript-types.js";
import { isDateOrTimeLine, stripTrailingDate } from "./dates.js";
import { collapseWhitespace, wordCount } from "./text-normalize.js";

/**
 * Metadata rules shared by every format (labeling.md "Metadata"): headline clean-up,
 * section prefixes, the release-type hint and the dateline.
 */

/** A speaker label at the start of a paragraph: `MR PRICE:`, `Moderator:`, or the White House `Q`. */
export function startsWithLabel(p: string): boolean {
  if (/^Q(?:\s|:)/.test(p)) return true;
  const m = /^([^:]{1,80}):(?:\s|$)/.exec(p);
  if (!m) return false;
  const label = (m[1] ?? "").replace(/\s*\([^)]*\)\s*$/, "");
  if (!label || /[.!?]\s/.test(label)) return false;
  const words = label.split(/\s+/);
  if (words.length > 8) return false;
  // Upper-case labels (MR. PRICE, SENIOR STATE DEPARTMENT OFFICIAL ONE) or title-case names (Moderator).
  if (label === label.toUpperCase() && /[A-Z]/.test(label)) return true;
  return words.every((w) => /^(?:[A-Z][\w.'’-]*|of|the|and|for|de|van|von|al|el|bin)$/.test(w)) && words.length <= 5;
}

/** Words naming a release type that may stand before a colon in a title (not a section). */
const KIND_PREFIX = /^(?:fact sheet|readout|statement|joint statement|remarks|media note|notice|note|update|transcript|interview|press release|op-ed|advisory|media advisory|announcement|correction|background briefing|special briefing|briefing|taken question|declaration|proclamation|letter|message)s?$/i;

/** Lower-case words that may appear inside a title-case office name. */
const SMALL = new Set(["and", "of", "the", "for", "on", "in", "to", "at", "&", "de", "du", "des"]);

/**
 * Splits a section prefix off a headline: `Arms Control and International Security:
 * Background Briefing on …` → section `Arms Control and International Security`, title
 * `Background Briefing on …`. The prefix must be a title-case office name of 2–10 words;
 * release-type words (`Fact Sheet:`, `Readout:`) and upper-case speaker labels are not sections.
 */
export function splitSectionPrefix(title: string): { section: string | null; title: string } {
  const m = /^([^:]{3,100}):\s+(\S.{5,})$/.exec(title);
  if (!m) return { section: null, title };
  const prefix = (m[1] ?? "").trim();
  const rest = (m[2] ?? "").trim();
  const words = prefix.split(/\s+/);
  if (words.length < 2 || words.length > 10) return { section: null, title };
  if (KIND_PREFIX.test(prefix) || prefix === prefix.toUpperCase()) return { section: null, title };
  const titleCase = words.every((w, i) => (i > 0 && SMALL.has(w.toLowerCase()) && w === w.toLowerCase()) || /^[A-Z0-9][\w.'’,-]*$/.test(w));
  if (!titleCase || /\d{4}/.test(prefix)) return { section: null, title };
  return { section: prefix, title: rest };
}

/**
 * Removes a trailing site name from a page title: `Headline | The White House` →
 * `Headline` (also ` - Site`, ` – Site`), when `siteName` matches or the tail is short.
 */
export function stripSiteName(title: string, siteName?: string | null): string {
  const t = collapseWhitespace(title);
  const m = /^(.{8,}?)\s+[|–—-]\s+([^|–—]{2,60})$/.exec(t);
  if (!m) return t;
  const tail = (m[2] ?? "").trim();
  const site = siteName ? collapseWhitespace(siteName).toLowerCase() : null;
  if (site && tail.toLowerCase() === site) return (m[1] ?? t).trim();
  if (!site && /\|/.test(t) && wordCount(tail) <= 6 && /\b(?:house|gov|office|department|ministry|news|attorney|county|state|agency|embassy|\.(?:gov|com|org))\b/i.test(tail)) {
    return (m[1] ?? t).trim();
  }
  return t;
}

/**
 * The release type the source states, from title words, tags or the URL path.
 * Returns null for briefings, calls and interviews (the transcript analyser decides)
 * and when nothing is stated.
 */
export function kindFromText(title: string | null, extra: { tags?: readonly string[]; url?: string | null; section?: string | null } = {}): Kind | null {
  const t = title ?? "";
  const tags = (extra.tags ?? []).map((x) => x.toLowerCase());
  const url = (extra.url ?? "").toLowerCase();
  if (/\bfact[\s-]?sheets?\b/i.test(t) || tags.includes("fact-sheets")) return "fact_sheet";
  if (/\breadout\b/i.test(t) || /['’]s?\s+(?:(?:phone|video|virtual|telephone)\s+)?(?:call|calls|meeting|meetings|conversation)\s+with\b/i.test(t)) return "readout";
  if (/\bstatements?\b|\bpresidential message\b/i.test(t)) return "statement";
  if (/\bto (?:deliver|give|tour|host|attend|participate|visit|travel|lead|meet)\b/i.test(t)) return "media_note";
  if (/\bremarks\b/i.test(t) || tags.includes("speeches-remarks") || /\/(?:remarks|speeches)\//.test(url)) return "speech";
  if (/\b(?:briefing|press call|gaggle|press availability|press conference|interview|teleconference|conference call|q&a)\b/i.test(t)) return null;
  if (/\bmedia note\b|\bpublic schedule\b|\bdaily schedule\b/i.test(t)) return "media_note";
  if (/['’]s?\s+(?:upcoming\s+)?(?:travel|visit|trip)\s+to\b|\bwill travel to\b|\btravels? to\b/i.test(t)) return "media_note";
  if (/\bstatements?\b|\bpresidential message\b/i.test(t)) return "statement";
  if (/\bpress release\b|\bfor immediate release\b/i.test(t)) return "press_release";
  if (/\/readouts?\//.test(url)) return "readout";
  if (/\/fact-sheets?\//.test(url)) return "fact_sheet";
  if (/\/statements?\//.test(url) && !/statements-releases/.test(url)) return "statement";
  if (/\/media-notes?\//.test(url)) return "media_note";
  if (tags.includes("press-releases") || tags.includes("news-releases") || /\/(?:press|news)-releases?\//.test(url)) return "press_release";
  return null;
}

/** Role words that make a short `Name, Title` line an issuer line, not a place. */
const ISSUER = /\b(?:Secretary|Minister|Spokesperson|Spokesman|Spokeswoman|Premier|President|Ambassador|Office|Bureau|Envoy|Director|Advisor|Adviser|Administrator|Coordinator|Chief|Counselor|Representative|Chair|Chairman|Commissioner|Governor|Senator|Official|Officials|Prime|Deputy|Assistant|Under|Special|Attorney|Spokesperson’s)\b/;

/** Looks like a place or venue line: capitalised words, commas, no sentence punctuation. */
function isPlaceLike(p: string): boolean {
  if (wordCount(p) > 14 || p.length > 120) return false;
  if (/[:;!?*"“”()[\]|]/.test(p)) return false;
  if (/\.\s+[a-z]/.test(p)) return false;
  return /^[\p{Lu}0-9][\p{L}\p{M}0-9.'’&\- ]*(?:,\s*[\p{L}\p{M}0-9.'’&\- ]+)*\.?$/u.test(p);
}

function isIssuerLine(p: string, section: string | null): boolean {
  if (section && p.toLowerCase() === section.toLowerCase()) return true;
  if (/^(?:Office|Bureau) of\b/.test(p)) return true;
  return /,/.test(p) && ISSUER.test(p);
}

/** A paragraph that belongs to the body (ends the preamble). */
function isBodyParagraph(p: string): boolean {
  if (startsWithLabel(p)) return true;
  if (wordCount(p) > 16) return true;
  return /[:;]$/.test(p) || (/[.!?]["”’]?$/.test(p) && wordCount(p) > 8);
}

/** The place line at a paragraph's start: `(Dallas, Texas) – …` or `CHICAGO – …`. */
export function inlineDateline(p: string): string | null {
  const paren = /^\(([^()]{2,50})\)\s*[–—-]+\s/.exec(p);
  if (paren && isPlaceLike((paren[1] ?? "").trim())) return (paren[1] ?? "").trim();
  const caps = /^([A-Z][A-Z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.]{1,20}(?:\s[A-Z][A-Za-z.]{1,20})?)?)\s*[–—]+\s|^([A-Z][A-Z.'’ ]{1,40}?(?:,\s*[A-Z][A-Za-z.]{1,20})?)\s+-{1,2}\s/.exec(p);
  const place = (caps?.[1] ?? caps?.[2])?.trim();
  if (place && wordCount(place) <= 5 && !/^(?:Q|THE|MR|MS|MRS|DR)\b/.test(place)) return place;
  return null;
}

/**
 * Finds the dateline among the preamble paragraphs printed before the body: the first
 * place-like line (`Via Teleconference`, `James S. Brady Press Briefing Room`,
 * `Washington, D.C.`), skipping issuer lines (`Office of the Spokesperson`,
 * `Antony J. Blinken, Secretary of State`), the headline, dates and clock times. When the
 * preamble has none, a place printed at the start of the first body paragraph
 * (`(Dallas, Texas) – …`, `CHICAGO – …`) is used. Returns null when there is none.
 */
export function findDateline(paragraphs: readonly string[], ctx: { section?: string | null; title?: string | null } = {}): string | null {
  const section = ctx.section ?? null;
  const title = ctx.title ? ctx.title.toLowerCase() : null;
  for (let i = 0; i < Math.min(paragraphs.length, 10); i++) {
    const p = (paragraphs[i] ?? "").trim();
    if (!p) continue;
    if (title && p.toLowerCase() === title) continue;
    if (isDateOrTimeLine(p) || /^\(?\d{1,2}:\d{2}/.test(p)) continue;
    if (isBodyParagraph(p)) {
      // A deck (sub-headline) may stand between the preamble and the `CITY – …` paragraph.
      return inlineDateline(p) ?? (startsWithLabel(p) ? null : inlineDateline(paragraphs[i + 1] ?? ""));
    }
    if (isIssuerLine(p, section)) continue;
    const place = stripTrailingDate(p);
    if (place && isPlaceLike(place)) return place;
    return null;
  }
  return null;
}
