/**
 * White-space and invisible-character normalisation shared by all formats
 * (labeling.md "Text": runs of white space, including NBSP, collapse to one space).
 */

/** Zero-width and formatting characters a reader never sees (word joiner, ZWSP, soft hyphen, BOM, LRM/RLM). */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\u202a-\u202e]/g;
const HAS_INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\u202a-\u202e]/;
/** Every kind of white space: JavaScript `\\s` covers NBSP, the Unicode space separators and U+FEFF. */
const SPACES = /\s+/g;

/** Removes invisible characters, collapses all white space (incl. NBSP) to single spaces and trims. */
export function collapseWhitespace(s: string): string {
  const visible = HAS_INVISIBLE.test(s) ? s.replace(INVISIBLE, "") : s;
  return visible.replace(SPACES, " ").trim();
}

/** Splits on a separator, collapses each piece, drops empty pieces. */
export function cleanParagraphs(pieces: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of pieces) {
    const c = collapseWhitespace(p);
    if (c && !/^[\s\u00a0]*$/.test(c)) out.push(c);
  }
  return out;
}

/** Number of space-separated words in an already collapsed string. */
export function wordCount(s: string): number {
  return s ? s.split(" ").length : 0;
}
