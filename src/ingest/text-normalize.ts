/**
 * White-space and invisible-character normalisation shared by all formats
 * (labeling.md "Text": runs of white space, including NBSP, collapse to one space).
 */

/** Zero-width and formatting characters a reader never sees (word joiner, ZWSP, soft hyphen, BOM, LRM/RLM). */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\u202a-\u202e]/g;
const HAS_INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\u202a-\u202e]/;
/** Every kind of white space: JavaScript `\\s` covers NBSP, the Unicode space separators and U+FEFF. */
const SPACES = /\s+/g;

/** Anything {@link collapseWhitespace} would change: an invisible character, white space other than a single ASCII space, or two spaces. */
const NEEDS_WORK = /[\u00ad\u200b-\u200f\u2060-\u2064\u202a-\u202e]|[^\S ]| {2}/;

/** Removes invisible characters, collapses all white space (incl. NBSP) to single spaces and trims. */
export function collapseWhitespace(s: string): string {
  // fast path: already clean text (the common case for extracted paragraphs) is only trimmed
  if (!NEEDS_WORK.test(s)) return s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32 ? s.trim() : s;
  const visible = HAS_INVISIBLE.test(s) ? s.replace(INVISIBLE, "") : s;
  return visible.replace(SPACES, " ").trim();
}

/** {@link collapseWhitespace} without the trim: for pieces of a paragraph joined as they are read. */
export function collapseRuns(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  const visible = HAS_INVISIBLE.test(s) ? s.replace(INVISIBLE, "") : s;
  return visible.replace(SPACES, " ");
}

/** Splits on a separator, collapses each piece, drops empty pieces. */
export function cleanParagraphs(pieces: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of pieces) {
    const c = collapseWhitespace(p);
    if (c) out.push(c); // collapsed and trimmed: non-empty means visible text
  }
  return out;
}

/** Number of space-separated words in an already collapsed string. */
export function wordCount(s: string): number {
  return s ? s.split(" ").length : 0;
}
