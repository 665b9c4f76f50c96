/**
 * White-space and invisible-character normalisation shared by all formats
 * (labeling.md "Text": runs of white space, including NBSP, collapse to one space).
 */

// Character loops rather than regular expressions: these run on every piece of text read
// (with up to three regular-expression passes per piece they showed as a large share of
// ingest time in CPU profiles).
// Invisible: zero-width and formatting characters a reader never sees (soft hyphen, ZWSP,
// ZWNJ/ZWJ, LRM/RLM, word joiner, bidi embeddings) = /[\u00ad\u200b-\u200f\u2060-\u2064\u202a-\u202e]/.
// White space: JavaScript's `\s` (NBSP, the Unicode space separators, U+FEFF).

/** Removes invisible characters, collapses all white space (incl. NBSP) to single spaces and trims. */
export function collapseWhitespace(s: string): string {
  // fast path: already clean text (the common case for extracted paragraphs) is only trimmed
  const at = firstWork(s);
  if (at < 0) return s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32 ? s.trim() : s;
  return collapseFrom(s, at).trim();
}

/** {@link collapseWhitespace} without the trim: for pieces of a paragraph joined as they are read. */
export function collapseRuns(s: string): string {
  const at = firstWork(s);
  return at < 0 ? s : collapseFrom(s, at);
}

/** JavaScript's `\s`: ASCII white space, NBSP, U+1680, U+2000–U+200A, U+2028/9, U+202F, U+205F, U+3000, U+FEFF. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

/** Invisible: soft hyphen, U+200B–U+200F, U+2060–U+2064, U+202A–U+202E. */
function isInvisible(c: number): boolean {
  return c === 0xad || (c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x2064) || (c >= 0x202a && c <= 0x202e);
}

/** Index of the first character that needs work (an invisible character, white space other than one space, or a second space in a row), or -1. */
function firstWork(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 32 && c < 0xa0 && c !== 0xad) continue;
    if (c === 32) { if (s.charCodeAt(i + 1) === 32) return i; continue; }
    if (isSpace(c) || isInvisible(c)) return i;
  }
  return -1;
}

/**
 * One pass doing what `s.replace(invisible, "").replace(/\s+/g, " ")` does, from `from`
 * (everything before it needs no work): invisible characters dropped, each run of white
 * space (invisible characters inside a run do not break it) turned into one space.
 */
function collapseFrom(s: string, from: number): string {
  let out = "";
  let start = 0; // start of the pending run of kept characters
  let i = from;
  // a space just before `from` starts the run that `from` may continue
  if (i > 0 && s.charCodeAt(i - 1) === 32) i--;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isInvisible(c)) {
      out += s.slice(start, i);
      start = ++i;
      continue;
    }
    if (!isSpace(c)) { i++; continue; }
    out += s.slice(start, i) + " ";
    i++;
    for (; i < s.length; i++) {
      const d = s.charCodeAt(i);
      if (!isSpace(d) && !isInvisible(d)) break;
    }
    start = i;
  }
  return out + s.slice(start);
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
