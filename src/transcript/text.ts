/**
 * Small shared text helpers for the transcript analyser. Pure functions, no I/O.
 * All regular expressions are compiled once at module load (no per-paragraph compilation).
 */

/** Collapse runs of white space (including NBSP) to one space and trim. */
export function collapse(s: string): string {
  return s.replace(/[\s\u00a0\u200b\u200e\u200f\ufeff]+/gu, " ").trim();
}

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}'’\-]*/gu;

/** Words of `s` (letters/digits with inner apostrophes or hyphens), in order. */
export function words(s: string): string[] {
  return s.match(WORD_RE) ?? [];
}

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ||
    (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && (c < 0x2000 || c > 0x206f) && (c < 0x3000 || c > 0x303f));
}

/**
 * Count of words in `s` (runs of letters/digits; inner `'`, `’`, `-` do not split),
 * stopping at `cap`. A plain character loop: no allocation, no regex.
 */
export function wordCount(s: string, cap = Infinity): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const w: boolean = isWordCode(c) || (inWord && (c === 39 || c === 0x2019 || c === 45) && i + 1 < s.length && isWordCode(s.charCodeAt(i + 1)));
    if (w && !inWord) {
      n++;
      if (n >= cap) return n;
    }
    inWord = w;
  }
  return n;
}

/**
 * True when `s` needs {@link collapse}: leading/trailing space, a double space, or other white
 * space (anything JavaScript's `\s` matches, and U+200B, U+200E, U+200F). A character loop
 * (called on every paragraph; a regular expression with these alternatives is slower).
 */
export function needsCollapse(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  if (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) return true;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return true;
      prevSpace = true;
      continue;
    }
    prevSpace = false;
    if (c > 32 && c < 0xa0) continue;
    if (c < 33) { if (c >= 9 && c <= 13) return true; continue; }
    if (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x200e || c === 0x200f ||
      c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff) return true;
  }
  return false;
}

const SENT_SPLIT_RE = /(?<=[.?!…])["”’)\]]*\s+(?=["“‘(\[]?[\p{Lu}\d])/u;

/** Split a paragraph into sentences (rough: on `. ? !` followed by a capital). */
export function sentences(s: string): string[] {
  return s.split(SENT_SPLIT_RE).map((x) => x.trim()).filter(Boolean);
}

const SMALL = new Set(["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "via", "from"]);

/**
 * Title-case an attribution such as `senior State Department official` →
 * `Senior State Department Official` (labeling.md, "Ground rules": title-cased as it
 * would be printed). Words that already carry capitals or dots (`U.S.`, `NSC`) keep them.
 */
export function titleCase(s: string): string {
  const parts = collapse(s).split(" ");
  return parts
    .map((w, i) => {
      if (!w) return w;
      if (/[\p{Lu}]/u.test(w.slice(1)) || w.includes(".")) return w.charAt(0).toUpperCase() + w.slice(1);
      const lower = w.toLowerCase();
      if (i > 0 && SMALL.has(lower)) return lower;
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join(" ");
}

/** Normal case for an upper-case name: `O'NEILL` → `O'Neill`, `JEAN-PIERRE` → `Jean-Pierre`. */
export function normalCase(s: string): string {
  if (/\p{Ll}/u.test(s)) return s;
  return s.toLowerCase().replace(/(^|[\s\-'’.])(\p{Ll})/gu, (_m, a: string, b: string) => a + b.toUpperCase())
    .replace(/\bMc(\p{Ll})/gu, (_m, b: string) => "Mc" + b.toUpperCase());
}

/** True when `s` has at least one `?`. */
export function asks(s: string): boolean {
  return s.includes("?");
}

/** Strip parenthesised/bracketed stage directions from `s` (bounded, non-nested). */
export function stripDirections(s: string): string {
  return s.replace(/\([^()]{0,120}\)|\[[^\[\]]{0,120}\]/g, " ");
}
