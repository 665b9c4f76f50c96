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
  const src = text.length > maxScan ? text.slice(0, maxScan) : text;
  const toks: Tok[] = [];
  let m: RegExpExecArray | null;
  TOKEN.lastIndex = 0;
  let firstHit = -1;
  const marks = new Set<number>();
  const firstStems = new Set(terms.map((t) => t[0]!));
  while ((m = TOKEN.exec(src)) !== null) {
    toks.push({ start: m.index, end: m.index + m[0].length, stem: lightStem(fold(m[0])) });
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
  if (firstHit < 0) return null;
  const from = Math.max(0, firstHit - Math.floor(width / 4));
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
  if (lastEnd + tail.length < text.length) html += "…";
  return html;
}
