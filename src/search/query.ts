/**
 * The Pressroom search query language: parsing into an AST and compiling to a safe
 * SQLite FTS5 `MATCH` expression.
 *
 * ## The language (also in `docs/search.md`)
 *
 * | You type                 | Meaning                                                        |
 * |--------------------------|----------------------------------------------------------------|
 * | `tariff steel`           | both words (AND is implied between terms)                       |
 * | `"trade mission"`        | the words next to each other, in this order (a phrase)          |
 * | `tariff OR quota`        | either term; `OR` must be upper case (`|` works too)            |
 * | `-wheat`, `-"farm bill"` | leave out items with this word / phrase                          |
 * | `NOT wheat`              | same as `-wheat`                                                 |
 * | `AND`                    | allowed and ignored (AND is already the default)                 |
 *
 * - Matching is case-insensitive and ignores accents (`resume` finds `résumé`); English
 *   word endings are folded (`tariffs` finds `tariff`), also inside phrases.
 * - `OR` binds tighter than the implied AND: `steel tariff OR quota` means
 *   `steel AND (tariff OR quota)`. There are no parentheses.
 * - Punctuation inside a term splits it into a phrase: `U.S.` is the phrase `u s`,
 *   `col:foo` the phrase `col foo`. Characters such as `( ) * : ^ + {}` carry no special
 *   meaning; a term made only of punctuation or emoji is ignored.
 * - An unclosed quote runs to the end of the query.
 * - At least one term must be positive: exclusions only narrow a search.
 * - Queries are cut to {@link MAX_QUERY_CHARS} characters and {@link MAX_TERMS} terms
 *   (the rest is ignored, with a notice).
 *
 * Every term is emitted as an FTS5 string (`"..."` with `"` doubled), so user input can
 * never reach FTS5 syntax (column filters, NEAR, prefix `*`, `^`).
 */
import { PressroomError } from "../core/errors.js";

/** Longest query read; longer input is cut (with a notice). */
export const MAX_QUERY_CHARS = 1000;
/** Most terms (positive and excluded) used; further terms are ignored (with a notice). */
export const MAX_TERMS = 32;

/** One word or phrase. `text` is the normalised text as typed (not yet tokenised). */
export interface TermNode {
  type: "term";
  text: string;
  /** True when typed in double quotes. */
  phrase: boolean;
}

/** Any of the terms. */
export interface OrNode {
  type: "or";
  terms: TermNode[];
}

/**
 * A parsed query: every clause in `all` must match (a clause is a term or an OR of terms),
 * and no term in `none` may match. `all` is never empty.
 */
export interface QueryAst {
  all: (TermNode | OrNode)[];
  none: TermNode[];
}

export interface ParsedQuery {
  ast: QueryAst;
  /** Human-readable notes on what was ignored or repaired (empty when the query was clean). */
  notices: string[];
}

type Token =
  | { kind: "term"; term: TermNode; negated: boolean }
  | { kind: "or" }
  | { kind: "and" };

/** Characters removed before parsing: controls, the snippet sentinels and other private-use code points. */
// eslint-disable-next-line no-control-regex
const STRIP = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ue000-\uf8ff]/g;
/** Something the FTS5 unicode61 tokenizer turns into a token (letters and digits). */
const WORDY = /[\p{L}\p{N}]/u;

function normalise(s: string): string {
  return s.normalize("NFKC").replace(STRIP, " ");
}

function lex(input: string, notices: string[]): Token[] {
  const out: Token[] = [];
  const n = input.length;
  let i = 0;
  let negateNext = false;
  while (i < n) {
    const c = input[i]!;
    if (/\s/.test(c)) { i++; continue; }
    let negated = negateNext;
    negateNext = false;
    if (c === "-" && i + 1 < n && !/\s/.test(input[i + 1]!)) {
      negated = true;
      i++;
    } else if (c === "-") {
      i++; // a lone "-": nothing to exclude
      continue;
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      let text: string;
      if (close < 0) {
        text = input.slice(i + 1);
        i = n;
        notices.push("Closed an unclosed quote at the end of the query.");
      } else {
        text = input.slice(i + 1, close);
        i = close + 1;
      }
      text = text.replace(/\s+/g, " ").trim();
      out.push({ kind: "term", term: { type: "term", text, phrase: true }, negated });
      continue;
    }
    let j = i;
    while (j < n && !/\s/.test(input[j]!) && input[j] !== '"') j++;
    const word = input.slice(i, j);
    i = j;
    if (!negated && (word === "OR" || word === "|" || word === "||")) { out.push({ kind: "or" }); continue; }
    if (!negated && (word === "AND" || word === "&" || word === "&&")) { out.push({ kind: "and" }); continue; }
    if (!negated && word === "NOT") { negateNext = true; continue; }
    out.push({ kind: "term", term: { type: "term", text: word, phrase: false }, negated });
  }
  if (negateNext) notices.push("Ignored NOT at the end of the query.");
  return out;
}

/**
 * Parse a query typed by a user.
 *
 * @param input Raw query text, any length, any characters.
 * @returns The AST plus notices on anything ignored (best effort, never throws on odd syntax).
 * @throws PressroomError `PRESSROOM_E_BAD_QUERY` when nothing searchable is left: an empty
 *   query, only punctuation/emoji/operators, or only exclusions.
 */
export function parseQuery(input: string): ParsedQuery {
  const notices: string[] = [];
  let text = typeof input === "string" ? input : String(input ?? "");
  if (text.length > MAX_QUERY_CHARS) {
    text = text.slice(0, MAX_QUERY_CHARS);
    notices.push(`The query was cut to its first ${MAX_QUERY_CHARS} characters.`);
  }
  text = normalise(text);
  const tokens = lex(text, notices);

  const all: TermNode[][] = [];
  const none: TermNode[] = [];
  let pendingOr = false;
  let lastWasPositive = false;
  let terms = 0;
  let dropped = 0;
  let cut = false;
  for (const t of tokens) {
    if (t.kind === "and") { if (pendingOr) { pendingOr = false; notices.push("Ignored OR next to AND."); } continue; }
    if (t.kind === "or") {
      if (!lastWasPositive) notices.push("Ignored an OR that had no term before it.");
      else pendingOr = true;
      continue;
    }
    if (!WORDY.test(t.term.text)) {
      if (t.term.text !== "") dropped++;
      continue;
    }
    if (terms >= MAX_TERMS) { cut = true; continue; }
    terms++;
    if (t.negated) {
      if (pendingOr) notices.push("Ignored an OR before an excluded term.");
      none.push(t.term);
      pendingOr = false;
      lastWasPositive = false;
      continue;
    }
    if (pendingOr && all.length > 0) all[all.length - 1]!.push(t.term);
    else all.push([t.term]);
    pendingOr = false;
    lastWasPositive = true;
  }
  if (pendingOr) notices.push("Ignored an OR at the end of the query.");
  if (dropped > 0) notices.push(`Ignored ${dropped} term${dropped > 1 ? "s" : ""} without letters or digits.`);
  if (cut) notices.push(`Only the first ${MAX_TERMS} terms were used.`);

  if (all.length === 0) {
    if (none.length > 0) {
      throw new PressroomError("PRESSROOM_E_BAD_QUERY",
        "The query only excludes terms; add at least one word or phrase to search for (e.g. `tariff -steel`).");
    }
    throw new PressroomError("PRESSROOM_E_BAD_QUERY",
      text.trim() === "" ? "The query is empty; type a word or phrase to search for."
        : "The query has no words to search for (only punctuation, symbols or operators).");
  }
  return {
    ast: {
      all: all.map((g): TermNode | OrNode => (g.length === 1 ? g[0]! : { type: "or", terms: g })),
      none,
    },
    notices,
  };
}

/** Quote a term as an FTS5 string: wrapped in `"` with embedded `"` doubled. Never emits syntax. */
export function quoteFts5(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * Compile a parsed query to an FTS5 `MATCH` expression. Every term is a quoted FTS5 string,
 * so the result is always valid FTS5 syntax whatever the user typed.
 *
 * @param ast A query from {@link parseQuery}.
 * @param columns Optional column filter (FTS5 column names you control, never user input):
 *   the whole expression is restricted to these columns.
 * @param positiveColumns Optional column filter for the positive part only: exclusions still
 *   apply to every column (e.g. "headline matches, and no column has the excluded word").
 */
export function compileFts5(ast: QueryAst, columns?: readonly string[], positiveColumns?: readonly string[]): string {
  const colFilter = (cols: readonly string[], e: string) => {
    for (const c of cols) if (!/^[a-z_][a-z0-9_]*$/.test(c)) throw new Error(`bad FTS column name ${c}`);
    return `{${cols.join(" ")}} : (${e})`;
  };
  const clause = (n: TermNode | OrNode): string =>
    n.type === "term" ? quoteFts5(n.text) : `(${n.terms.map((t) => quoteFts5(t.text)).join(" OR ")})`;
  let expr = ast.all.map(clause).join(" AND ");
  if (positiveColumns && positiveColumns.length > 0) expr = colFilter(positiveColumns, expr);
  if (ast.none.length > 0) expr = `(${expr}) NOT (${ast.none.map((t) => quoteFts5(t.text)).join(" OR ")})`;
  if (columns && columns.length > 0) expr = colFilter(columns, expr);
  return expr;
}

/** Render an AST back to the query language (canonical form), e.g. for "showing results for". */
export function formatQuery(ast: QueryAst): string {
  const term = (t: TermNode) => (t.phrase || /\s/.test(t.text) ? `"${t.text.replace(/"/g, "")}"` : t.text);
  const parts = ast.all.map((n) => (n.type === "term" ? term(n) : n.terms.map(term).join(" OR ")));
  for (const t of ast.none) parts.push(`-${term(t)}`);
  return parts.join(" ");
}
