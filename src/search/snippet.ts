/**
 * Search snippets built in JavaScript from the stored text (FTS5 `snippet()` re-reads and
 * re-tokenizes through the index per hit, which is slow on a large, many-segment index,
 * and does not escape HTML). Matching mirrors the FTS5 tokenizer closely enough for
 * highlighting: letters/digits runs, case folded, accents removed, a light English stemmer.
 */
import type { QueryAst, TermNode } from "./query.js";
import { escapeHtml } from "../store/rows.js";

const TOKEN = /[\p{L}\p{N}]+/gu;

function fold(s: string): string {
  return s.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
}

/** Stems of words seen in snippets (words repeat a lot); cleared when it grows large. */
const STEMS = new Map<string, string>();
const STEMS_MAX = 50_000;

function stemOf(word: string): string {
  let s = STEMS.get(word);
  if (s === undefined) {
    s = lightStem(fold(word));
    if (STEMS.size >= STEMS_MAX) STEMS.clear();
    STEMS.set(word, s);
  }
  return s;
}

/** A light stemmer: enough to make `tariffs`/`tariff`, `talks`/`talked`/`talking` meet. */
export function lightStem(w: string): string {
  let s = w;
  if (s.length > 4 && s.endsWith("ies")) s = `${s.slice(0, -3)}y`;
  else if (s.length > 4 && /(sses|xes|ches|shes)$/.test(s)) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) s = s.slice(0, -1);
  if (s.length > 5 && s.endsWith("ing")) s = s.slice(0, -3);
  else if (s.length > 4 && s.endsWith("ed")) s = s.slice(0, -2);
  else if (s.length > 4 && s.endsWith("ly")) s = s.slice(0, -2);
  if (s.length > 4 && s.endsWith("e")) s = s.slice(0, -1);
  if (s.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(s)) s = s.slice(0, -1);
  return s;
}

/** Stemmed token sequences for every positive term of a query (phrases keep their order). */
export function highlightTerms(ast: QueryAst): string[][] {
  const terms: TermNode[] = [];
  for (const n of ast.all) if (n.type === "term") terms.push(n); else terms.push(...n.terms);
  const out: string[][] = [];
  for (const t of terms) {
    const toks = fold(t.text).match(TOKEN);
    if (toks && toks.length) out.push(toks.map(lightStem));
  }
  return out;
}

interface Tok { start: number; end: number; stem: string }

/**
 * An HTML snippet of `text` around the first match of `terms`: about `width` tokens, hits
 * wrapped in `<mark>`, everything else escaped, `…` where text was cut. Returns null when
 * nothing in `text` matches.
 *
 * @param maxScan Characters of `text` examined at most (long transcripts).
 */
export function makeSnippet(text: string, terms: string[][], width = 30, maxScan = 200_000): string | null {
  if (terms.length === 0 || !text) return null;
  return snippetOf(text.length > maxScan ? text.slice(0, maxScan) : text, text.length, false, terms, width) ?? null;
}

/**
 * {@link makeSnippet} of a text `fullLength` characters long of which only `prefix` (its
 * start) is at hand: the same result, or undefined when the prefix is not enough to tell
 * (then call {@link makeSnippet} with the whole text).
 */
export function makeSnippetFromPrefix(prefix: string, fullLength: number, terms: string[][], width = 30, maxScan = 200_000): string | null | undefined {
  if (terms.length === 0 || fullLength === 0) return null;
  if (prefix.length >= fullLength) return makeSnippet(prefix, terms, width, maxScan);
  // The full scan would look at no more than this prefix holds.
  if (prefix.length >= maxScan) return snippetOf(prefix.slice(0, maxScan), fullLength, false, terms, width) ?? null;
  return snippetOf(prefix, fullLength, true, terms, width);
}

function snippetOf(src: string, textLength: number, partial: boolean, terms: string[][], width: number): string | null | undefined {
  const skip = skipper(src, terms);
  const start = skip ? skip(0) : 0;
  if (start === null) return partial ? undefined : null;
  const html = snippetFrom(textLength, src, partial, terms, width, start, skip);
  // Skipped ahead but the window reached back to the first token scanned: redo from the top.
  return html === RESCAN ? snippetFrom(textLength, src, partial, terms, width, 0, null) : html;
}

/**
 * The keys a scan for `terms` looks for: each term's first stem less its last letter (which
 * stemming may have changed), lower case, or null when a key is not plain ASCII. Every match
 * of a term starts with a token that holds its key (ASCII letters compared case-insensitively)
 * or holds a non-ASCII character that is not white space or General Punctuation (which may
 * fold to a letter), so a text with neither has no match: {@link makeSnippet} returns null for
 * it. See {@link firstCandidateByte}.
 */
export function snippetKeys(terms: string[][]): string[] | null {
  const keys: string[] = [];
  for (const t of terms) {
    const k = t[0]!.length > 1 ? t[0]!.slice(0, -1) : t[0]!;
    if (NON_ASCII.test(k)) return null;
    keys.push(k);
  }
  return keys;
}

/**
 * The first byte offset in `utf8` (a text's UTF-8 bytes) where a match of the terms whose
 * {@link snippetKeys} are `keys` could start: a key (ASCII letters in either case), or a
 * character that may fold to a letter or digit (any non-ASCII character but U+00A0 and
 * U+2000–U+206F, or a byte that is not valid UTF-8). -1 when there is none, and then
 * {@link makeSnippet} of the text is null. Reads bytes, so a long body can be ruled out or
 * cut down before it is turned into a string.
 */
export function firstCandidateByte(utf8: Uint8Array, keys: readonly string[]): number {
  // keys by first byte (either case), as byte arrays
  const byFirst: (Uint8Array[] | undefined)[] = new Array(128);
  for (const k of keys) {
    const bytes = Uint8Array.from(k, (c) => c.charCodeAt(0));
    for (const f of new Set([bytes[0]!, k[0]!.toUpperCase().charCodeAt(0)])) (byFirst[f] ??= []).push(bytes);
  }
  const n = utf8.length;
  for (let i = 0; i < n; i++) {
    const b = utf8[i]!;
    if (b < 0x80) {
      const ks = byFirst[b];
      if (ks === undefined) continue;
      for (const k of ks) {
        if (i + k.length > n) continue;
        let j = 1;
        for (; j < k.length; j++) {
          const c = utf8[i + j]!;
          if ((c >= 65 && c <= 90 ? c + 32 : c) !== k[j]) break;
        }
        if (j === k.length) return i;
      }
      continue;
    }
    // U+00A0 (C2 A0) and U+2000–U+206F (E2 80 80 – E2 81 AF) hold no letter or digit
    if (b === 0xc2 && utf8[i + 1] === 0xa0) { i += 1; continue; }
    if (b === 0xe2) {
      const c = utf8[i + 1];
      const d = utf8[i + 2];
      if (d !== undefined && d >= 0x80 && d <= 0xbf && (c === 0x80 || (c === 0x81 && d <= 0xaf))) { i += 2; continue; }
    }
    return i;
  }
  return -1;
}

/** Characters scanned before a possible match, so the snippet has its lead-in words. */
const LEAD = 320;
/** Tokens scanned without a match before looking for the next possible match. */
const SKIP_EVERY = 64;
const NON_ASCII = /[^\x00-\x7f]/;
/**
 * Non-ASCII characters that may fold to a letter or digit. No-break space and the General
 * Punctuation block (curly quotes, dashes, spaces: very common in transcripts) hold no
 * letter, digit or mark, so they are passed over here rather than tested one by one.
 */
const NON_ASCII_G = /[^\x00-\x7f\u00a0\u2000-\u206f]/g;
const FOLDABLE_CHAR = /[\p{L}\p{N}\p{M}\uD800-\uDFFF]/u;
const WORDISH = /[\p{L}\p{N}\uD800-\uDFFF]/u;
const RESCAN = "\u0000rescan";

/**
 * For long texts, a function giving where tokenizing can resume at or after `from` without
 * missing a match: every match begins with the first stem of a term (less its last letter,
 * which stemming may have changed), case aside, or is a token with a non-ASCII
 * letter (whose folding may differ) whose stem is a term's first stem. It returns the
 * earliest such place less {@link LEAD} characters (at white space), or null when there is
 * none. Null (no skipper) when the text is short or the terms are not plain ASCII.
 */
function skipper(src: string, terms: string[][]): ((from: number) => number | null) | null {
  if (src.length < 4 * LEAD) return null;
  const keys = snippetKeys(terms);
  if (keys === null) return null;
  // ASCII keys, ASCII-only case-insensitive match (as lower-casing ASCII text would).
  const keyRe = new RegExp(keys.join("|"), "gi");
  const firstStems = new Set(terms.map((t) => t[0]!));
  const hasNonAscii = NON_ASCII.test(src);
  // Next candidate per key, and next foldable candidate, cached (queries only move forward).
  let keyAt = -2;
  let foldAt = hasNonAscii ? -2 : -1;
  const nextFoldable = (from: number): number => {
    const g = NON_ASCII_G;
    g.lastIndex = from;
    let hit: RegExpExecArray | null;
    while ((hit = g.exec(src)) !== null) {
      if (!FOLDABLE_CHAR.test(src.slice(hit.index, hit.index + 2))) continue;
      let a = hit.index;
      while (a > 0 && WORDISH.test(src[a - 1]!)) a--;
      TOKEN.lastIndex = a;
      const tok = TOKEN.exec(src);
      if (!tok || tok.index !== a) return a; // unsure: treat as a candidate
      if (firstStems.has(stemOf(tok[0]))) return a;
      g.lastIndex = Math.max(hit.index + 1, a + tok[0].length);
    }
    return -1;
  };
  /**
   * The start of the first token at or after `from` where a whole term matches (its key found
   * by `keyRe`, then the token's stem and those of the tokens after it compared, as the scan
   * would), or -1. A key inside a word (`pres` in `express`) or a word that only starts like
   * a term (`President` for `press`) is passed over here instead of costing the scan
   * {@link SKIP_EVERY} tokens each; where a token cannot be read back, the place is kept.
   */
  const nextKeyed = (from: number): number => {
    let at = from;
    for (;;) {
      keyRe.lastIndex = at;
      const k = keyRe.exec(src);
      if (!k) return -1;
      let a = k.index;
      while (a > from && WORDISH.test(src[a - 1]!)) a--;
      TOKEN.lastIndex = a;
      const tok = TOKEN.exec(src);
      if (!tok || tok.index !== a) return a; // unsure: treat as a candidate
      const stem = stemOf(tok[0]);
      if (firstStems.has(stem)) {
        const next: string[] = [];
        for (const t of terms) {
          if (t[0] !== stem) continue;
          while (next.length < t.length - 1) {
            const n = TOKEN.exec(src);
            if (!n) break;
            next.push(stemOf(n[0]));
          }
          let ok = next.length >= t.length - 1;
          for (let j = 1; ok && j < t.length; j++) if (next[j - 1] !== t[j]) ok = false;
          if (ok) return a;
        }
      }
      at = Math.max(a + tok[0].length, k.index + 1);
    }
  };
  return (from: number) => {
    if (keyAt !== -1 && keyAt < from) keyAt = nextKeyed(from);
    let first = keyAt;
    if (foldAt !== -1 && foldAt < from) foldAt = nextFoldable(from);
    if (foldAt >= 0 && (first < 0 || foldAt < first)) first = foldAt;
    if (first < 0) return null;
    if (first - from <= LEAD) return from;
    // Back up to white space so the scan starts between words.
    let s = first - LEAD;
    while (s > from && !/\s/.test(src[s]!)) s--;
    return s;
  };
}

function snippetFrom(textLength: number, src: string, partial: boolean, terms: string[][], width: number, start: number, skip: ((from: number) => number | null) | null): string | null | undefined {
  let toks: Tok[] = [];
  let m: RegExpExecArray | null;
  TOKEN.lastIndex = start;
  let skipped = start > 0;
  let firstHit = -1;
  const marks = new Set<number>();
  const firstStems = new Set(terms.map((t) => t[0]!));
  let sinceSkip = 0;
  while ((m = TOKEN.exec(src)) !== null) {
    if (skip && firstHit < 0 && ++sinceSkip >= SKIP_EVERY) {
      // Nothing yet: jump to the next place a match could start (or stop if there is none).
      sinceSkip = 0;
      const next = skip(m.index); // (uses TOKEN too: lastIndex is set again below)
      if (next === null) return partial ? undefined : null;
      if (next > m.index) {
        toks = [];
        skipped = true;
        TOKEN.lastIndex = next;
        continue;
      }
      TOKEN.lastIndex = m.index + m[0].length;
    }
    toks.push({ start: m.index, end: m.index + m[0].length, stem: stemOf(m[0]) });
    // Check phrases ending at this token.
    const i = toks.length - 1;
    for (const t of terms) {
      const k = i - t.length + 1;
      if (k < 0 || !firstStems.has(toks[k]!.stem)) continue;
      let ok = true;
      for (let j = 0; j < t.length; j++) if (toks[k + j]!.stem !== t[j]) { ok = false; break; }
      if (ok) {
        for (let j = k; j <= i; j++) marks.add(j);
        if (firstHit < 0) firstHit = k;
      }
    }
    if (firstHit >= 0 && i >= firstHit + width) break;
  }
  if (firstHit < 0) return partial ? undefined : null;
  // A prefix must hold the whole window (a word cut at its end is no evidence either).
  if (partial && toks.length - 1 < firstHit + width) return undefined;
  if (firstHit - Math.floor(width / 4) <= 0 && skipped) return RESCAN;
  const from = Math.max(0, firstHit - Math.floor(width / 4));
  if (from === 0 && start > 0) return RESCAN;
  const to = Math.min(toks.length - 1, from + width - 1);
  let html = from > 0 ? "…" : "";
  // Start after the previous word, so punctuation such as an opening bracket is kept.
  let pos = from > 0 ? toks[from - 1]!.end : 0;
  while (pos < toks[from]!.start && /\s/.test(src[pos]!)) pos++;
  let open = false;
  for (let i = from; i <= to; i++) {
    const t = toks[i]!;
    const gap = src.slice(pos, t.start);
    if (open && !marks.has(i)) { html += "</mark>"; open = false; }
    html += escapeHtml(gap);
    if (marks.has(i) && !open) { html += "<mark>"; open = true; }
    html += escapeHtml(src.slice(t.start, t.end));
    pos = t.end;
  }
  if (open) html += "</mark>";
  const lastEnd = toks[to]!.end;
  // Keep closing punctuation of the last word.
  const tail = /^[^\s\p{L}\p{N}]{0,2}/u.exec(src.slice(lastEnd))?.[0] ?? "";
  html += escapeHtml(tail);
  if (partial && lastEnd + tail.length + 4 >= src.length) return undefined;
  if (lastEnd + tail.length < textLength) html += "…";
  return html;
}
