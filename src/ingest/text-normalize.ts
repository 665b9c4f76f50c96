/**
 * White-space and invisible-character normalisation shared by all formats
 * (labeling.md "Text": runs of white space, including NBSP, collapse to one space).
 */

/** Zero-width and formatting characters a reader never sees (word joiner, ZWSP, soft hyphen, BOM, LRM/RLM). */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e]/g;
/** Every kind of white space, including NBSP and the Unicode space separators. */
const SPACES = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** Removes invisible characters, collapses all white space to single spaces and trims. */
export function collapseWhitespace(s: string): string {
  return s.replace(INVISIBLE, "").replace(SPACES, " ").trim();
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
