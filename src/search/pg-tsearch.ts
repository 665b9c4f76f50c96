/**
 * PostgreSQL text-search values built from FTS5 tokens (`fts-tokens.ts`): `tsvector`
 * literals for the index and `tsquery` literals for our query language (`query.ts`).
 *
 * Both are written as PostgreSQL's own input syntax of quoted lexemes (`'tariff':1A,9B`,
 * `'winter' <-> 'timetabl'`) and cast in SQL (`$1::tsvector`, `$1::tsquery`): no text-search
 * configuration, parser, stemmer or stop-word list of PostgreSQL touches them, so a word is
 * the same lexeme on both engines.
 *
 * Why not `websearch_to_tsquery`: it would run the words through a configuration (see
 * `fts-tokens.ts` for how those differ from FTS5), drop stop words (`"the president"` and
 * `the` change meaning or find nothing), and read `-`, `OR` and quotes by its own rules,
 * which are close to ours but not identical (`or` in lower case, `|`, `NOT`, unclosed quotes,
 * exclusions of phrases). Building the query from our AST gives exactly our semantics:
 * - a term (word, phrase, or a word with punctuation inside such as `U.S.`) is the phrase of
 *   its tokens: one lexeme, or lexemes joined by `<->` (adjacent, in order), like an FTS5 string;
 * - clauses are joined with `&`, OR groups with `|`, exclusions as `& !( … | … )`;
 * - a term with no token at all (possible only for characters FTS5's Unicode 6.1 tables do
 *   not know) matches nothing, as in FTS5: an AND clause of such terms makes the query match
 *   nothing (the compiler returns null), an OR or exclusion simply loses that term.
 *
 * Phrases and word pairs: GIN cannot check positions, so a phrase query reads (and
 * decompresses) every document that has all the phrase's words to look at positions, which
 * for common words is most of the archive. With `pairs`, documents also carry one
 * position-less lexeme per pair of adjacent words (`'senior state'`), and a phrase also
 * requires its pairs: the index then narrows to documents holding the whole chain, and
 * positions are checked on those only. Same results, far fewer rows read.
 *
 * Limits of `tsvector` (PostgreSQL, documented in `docs/search.md`): positions stop at
 * {@link MAX_POSITION} (later words share that position, so phrases are found only within an
 * item's first ~16,000 words), a lexeme keeps its first {@link MAX_POSITIONS_PER_LEXEME}
 * positions (phrases that need a later occurrence of a very common word are missed), a lexeme
 * is at most {@link MAX_LEXEME_BYTES} bytes (longer tokens are cut there, on both sides), and a
 * whole `tsvector` is under 1 MB (see {@link tsvectorLiteral}). Single words and OR/NOT of
 * words are always exact.
 */
import type { QueryAst, TermNode } from "./query.js";
import { ftsTokens } from "./fts-tokens.js";

/** A `tsvector` weight label: A (highest) to D (PostgreSQL's default, unlabelled). */
export type Weight = "A" | "B" | "C" | "D";

/** Highest `tsvector` position (PostgreSQL clamps larger ones to this). */
export const MAX_POSITION = 16_383;
/** Positions kept per lexeme (PostgreSQL's limit). */
export const MAX_POSITIONS_PER_LEXEME = 256;
/** Longest lexeme, in UTF-8 bytes (PostgreSQL's limit is 2,047). */
export const MAX_LEXEME_BYTES = 2_040;
/** Size budget of one `tsvector`, bytes (PostgreSQL's limit is 1,048,575). */
export const TSVECTOR_BUDGET = 1_000_000;

/**
 * The lexeme a document with word pairs carries when its pairs did not fit (huge texts):
 * phrase pre-filters then let it through to the exact position check. Starts with a space,
 * so no word or pair can equal it.
 */
export const PAIRS_MISSING = " nopairs";

/** The lexeme of two adjacent tokens (`"winter timetabl"`): tokens never hold a space. */
export function pairLexeme(a: string, b: string): string {
  return lexemeOf(`${lexemeOf(a)} ${lexemeOf(b)}`);
}

const WEIGHT_RANK: Record<Weight, number> = { D: 0, C: 1, B: 2, A: 3 };

/** A token cut to {@link MAX_LEXEME_BYTES} UTF-8 bytes, at a character boundary. */
export function lexemeOf(token: string): string {
  if (token.length * 3 <= MAX_LEXEME_BYTES) return token;
  const buf = Buffer.from(token, "utf8");
  if (buf.length <= MAX_LEXEME_BYTES) return token;
  let end = MAX_LEXEME_BYTES;
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.toString("utf8", 0, end);
}

/** A lexeme in PostgreSQL's quoted input syntax (`'` and `\` doubled). */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * A `tsvector` literal of several texts (columns), each tokenized like FTS5 and labelled with
 * its weight. Positions are 1-based and run on across the texts with one unused position
 * between two texts, so a phrase never spans two columns (as in FTS5, where columns are
 * separate). Cast it in SQL: `${literal}::tsvector`.
 *
 * When the result would pass {@link TSVECTOR_BUDGET} (only for huge texts), fewer positions
 * are kept per lexeme (256, 64, 16, 4, 1, then none: words still match, phrases and weights
 * no longer do), and as a last resort only the lexemes that fit, in order of first appearance.
 *
 * @param columns Up to 3 texts with their weights, in position order.
 * @returns e.g. `'harbor':1A,6B 'ferri':2A,7B` (empty string for no tokens).
 */
export function tsvectorLiteral(columns: readonly { text: string; weight: Weight }[], opts: { pairs?: boolean } = {}): string {
  const tokens = ftsTokens(columns.map((c) => c.text));
  const pairs = new Set<string>();
  if (opts.pairs) {
    for (const toks of tokens) for (let p = 1; p < toks.length; p++) pairs.add(pairLexeme(toks[p - 1]!, toks[p]!));
  }
  /** lexeme → [position, weight rank] pairs, increasing positions */
  const lex = new Map<string, number[]>();
  let next = 1;
  tokens.forEach((toks, ci) => {
    const w = WEIGHT_RANK[columns[ci]!.weight];
    for (let p = 0; p < toks.length; p++) {
      const l = lexemeOf(toks[p]!);
      const pos = Math.min(next + p, MAX_POSITION);
      let list = lex.get(l);
      if (!list) { list = []; lex.set(l, list); }
      const n = list.length;
      if (n >= 2 && list[n - 2] === pos) { if (w > list[n - 1]!) list[n - 1] = w; continue; }
      if (n >= 2 * MAX_POSITIONS_PER_LEXEME) continue;
      list.push(pos, w);
    }
    if (toks.length > 0) next = Math.min(next + toks.length + 1, MAX_POSITION);
  });
  if (lex.size === 0) return "";

  const byteLen = new Map<string, number>();
  for (const l of lex.keys()) byteLen.set(l, Buffer.byteLength(l, "utf8"));
  const size = (cap: number) => {
    let s = 8;
    for (const [l, list] of lex) {
      const b = byteLen.get(l)!;
      const npos = Math.min(list.length / 2, cap);
      s += 4 + b + (b & 1) + (npos > 0 ? 2 + 2 * npos : 0);
    }
    return s;
  };
  // Pairs cost no positions; when they do not all fit, the marker stands in for them.
  let pairBytes = 0;
  for (const l of pairs) { const b = Buffer.byteLength(l, "utf8"); pairBytes += 4 + b + (b & 1); }
  const markerBytes = pairs.size > 0 ? 4 + PAIRS_MISSING.length + 1 : 0;
  let cap = MAX_POSITIONS_PER_LEXEME;
  for (const c of [MAX_POSITIONS_PER_LEXEME, 64, 16, 4, 1, 0]) {
    cap = c;
    if (size(c) + markerBytes <= TSVECTOR_BUDGET) break;
  }
  const withPairs = pairs.size > 0 && size(cap) + pairBytes <= TSVECTOR_BUDGET;
  const label = ["", "C", "B", "A"];
  const parts: string[] = [];
  let used = 8 + (withPairs ? pairBytes : markerBytes);
  for (const [l, list] of lex) {
    const b = byteLen.get(l)!;
    const npos = Math.min(list.length / 2, cap);
    used += 4 + b + (b & 1) + (npos > 0 ? 2 + 2 * npos : 0);
    if (used > TSVECTOR_BUDGET) break;
    if (npos === 0) { parts.push(quoteLexeme(l)); continue; }
    const ps: string[] = [];
    for (let i = 0; i < npos; i++) ps.push(`${list[2 * i]}${label[list[2 * i + 1]!]}`);
    parts.push(`${quoteLexeme(l)}:${ps.join(",")}`);
  }
  if (withPairs) for (const l of pairs) parts.push(quoteLexeme(l));
  else if (pairs.size > 0) parts.push(quoteLexeme(PAIRS_MISSING));
  return parts.join(" ");
}

/** How to restrict a compiled query to weights (columns). */
export interface TsqueryOptions {
  /** Weight labels every term must match in (e.g. `"A"` = question text only), exclusions included. */
  weights?: string;
  /** Weight labels the positive terms must match in; exclusions still apply to every weight. */
  positiveWeights?: string;
  /**
   * The documents carry word pairs (`tsvectorLiteral(…, { pairs: true })`): each phrase also
   * requires its pairs, which the GIN index can check, so only documents holding every pair
   * are read to check positions.
   */
  pairs?: boolean;
}

function termQuery(t: TermNode, weights: string, pairs: boolean): string | null {
  const toks = ftsTokens([t.text])[0]!;
  if (toks.length === 0) return null;
  const suffix = weights ? `:${weights}` : "";
  const ops = toks.map((x) => `${quoteLexeme(lexemeOf(x))}${suffix}`);
  if (ops.length === 1) return ops[0]!;
  const phrase = `(${ops.join(" <-> ")})`;
  if (!pairs) return phrase;
  const need = new Set<string>();
  for (let p = 1; p < toks.length; p++) need.add(quoteLexeme(pairLexeme(toks[p - 1]!, toks[p]!)));
  return `(((${[...need].join(" & ")}) | ${quoteLexeme(PAIRS_MISSING)}) & ${phrase})`;
}

/**
 * Compile a parsed query (`parseQuery`) to a `tsquery` literal with our semantics (see the
 * module comment). Cast it in SQL: `${text}::tsquery`.
 *
 * @returns the literal, or null when the query can match nothing (a required term without
 *   any token).
 * @throws Error for weight labels other than A–D (a programming error, never user input).
 */
export function compileTsquery(ast: QueryAst, opts: TsqueryOptions = {}): string | null {
  for (const w of [opts.weights, opts.positiveWeights]) {
    if (w !== undefined && !/^[ABCD]*$/.test(w)) throw new Error(`bad tsquery weights ${w}`);
  }
  const pos = opts.positiveWeights ?? opts.weights ?? "";
  const pairs = opts.pairs ?? false;
  const neg = opts.weights ?? "";
  const clauses: string[] = [];
  for (const n of ast.all) {
    if (n.type === "term") {
      const q = termQuery(n, pos, pairs);
      if (q === null) return null;
      clauses.push(q);
    } else {
      const alts = n.terms.map((t) => termQuery(t, pos, pairs)).filter((q): q is string => q !== null);
      if (alts.length === 0) return null;
      clauses.push(alts.length === 1 ? alts[0]! : `(${alts.join(" | ")})`);
    }
  }
  let expr = clauses.join(" & ");
  const excluded = ast.none.map((t) => termQuery(t, neg, pairs)).filter((q): q is string => q !== null);
  if (excluded.length > 0) expr = `(${expr}) & !(${excluded.join(" | ")})`;
  return expr;
}
