/**
 * Full-text search on SQLite FTS5.
 *
 * Two FTS5 tables, written in the store's upsert transaction so they never drift from the
 * rows they index:
 * - `items_fts(headline, body, extra)`, rowid = `items.seq`: the latest version's headline,
 *   body, and `extra` = participant names/outlets plus any transcript turn text the body
 *   does not already contain.
 * - `questions_fts(question, answer)`, rowid = `questions.id`: one row per transcript exchange.
 *
 * Both are contentless (`content=''`, `contentless_delete=1`): the text lives once, in
 * `item_versions` / `questions`; snippets are built from it in `snippet.ts`.
 *
 * Tokenizer: `porter unicode61 remove_diacritics 2` (case folding, accents ignored, English
 * stemming). Ranking: BM25 with the headline weighted 10× (`bm25(items_fts, 10, 1, 1)`)
 * when at most {@link COUNT_CAP} items match; beyond that, headline matches first, then
 * the rest, newest first (see `docs/search.md`), because BM25 over every match costs
 * time proportional to the number of matches.
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Structure } from "../core/transcript-types.js";
import type { SearchQuery, SearchResult, QuestionTurn } from "../store/store.js";
import type { Database } from "../store/migrations.js";
import { escapeHtml, type ItemRow } from "../store/rows.js";
import { compileFts5, parseQuery, type QueryAst, type TermNode } from "./query.js";
import {
  COUNT_CAP, DATE_WINDOW, andAll, cappedCount, itemFilters, itemHits, pageArgs, questionFilters, questionHits,
  searchArgs, toQuestionTurn, type BodyBytesReader, type QuestionRow,
} from "./hits.js";
import type { SearchEngine } from "./engine.js";

export { COUNT_CAP, DATE_WINDOW, pageArgs };

/** Private-use sentinels for FTS5 `snippet()` highlights, for {@link renderSnippet}. */
const MARK_OPEN = "\ue000";
const MARK_CLOSE = "\ue001";
/** The FTS5 tokenizer settings of both FTS tables (and of `fts-tokens.ts`). */
export const FTS_TOKENIZE = "porter unicode61 remove_diacritics 2";

/** SQLite DDL for the FTS tables (run by migration `0002_fulltext`). */
export const sqliteFtsDdl: readonly string[] = [
  `CREATE VIRTUAL TABLE items_fts USING fts5(headline, body, extra, content='', contentless_delete=1, tokenize='${FTS_TOKENIZE}')`,
  `INSERT INTO items_fts(items_fts, rank) VALUES('rank', 'bm25(10.0, 1.0, 1.0)')`,
  `CREATE VIRTUAL TABLE questions_fts USING fts5(question, answer, content='', contentless_delete=1, tokenize='${FTS_TOKENIZE}')`,
  `INSERT INTO questions_fts(questions_fts, rank) VALUES('rank', 'bm25(1.0, 1.0)')`,
];

type Db = Kysely<Database>;

/** Remove the snippet sentinels (all private-use code points) from text about to be indexed. */
export function ftsText(s: string): string {
  return s.replace(/[\ue000-\uf8ff]/g, " ");
}

/**
 * Turn an FTS5 `snippet()` made with the sentinel markers into safe HTML: everything
 * escaped, highlights as `<mark>…</mark>`.
 */
export function renderSnippet(raw: string): string {
  let html = escapeHtml(raw);
  // Balance defensively (a cut snippet cannot leave an open <mark>, but be sure).
  let open = false;
  html = html.replace(/[\ue000\ue001]/g, (c) => {
    if (c === MARK_OPEN && !open) { open = true; return "<mark>"; }
    if (c === MARK_CLOSE && open) { open = false; return "</mark>"; }
    return "";
  });
  return open ? `${html}</mark>` : html;
}

/**
 * The `extra` column for an item: who spoke, and turn text the body lacks. Turns normally
 * appear in the body in order, so each is looked for from where the previous one ended
 * (linear in the body), and from the start only when that fails.
 */
export function extraText(body: string, transcript: Structure | null): string {
  if (!transcript) return "";
  const parts: string[] = [];
  for (const p of transcript.participants ?? []) {
    if (p.name) parts.push(p.name);
    if (p.affiliation) parts.push(p.affiliation);
  }
  let pos = 0;
  for (const t of transcript.turns ?? []) {
    if (!t.text) continue;
    let at = body.indexOf(t.text, pos);
    if (at < 0 && pos > 0) at = body.indexOf(t.text);
    if (at < 0) parts.push(t.text);
    else pos = at + t.text.length;
  }
  return parts.join("\n");
}

/** Remove private-use code points only when there are any (the common case has none). */
function ftsClean(s: string): string {
  return /[\ue000-\uf8ff]/.test(s) ? ftsText(s) : s;
}

/**
 * Index (or re-index) the latest version of an item. Call inside the upsert transaction,
 * after the writes to ordinary tables (see `upsert` in the store).
 */
export async function indexItem(db: Db, seq: number, headline: string, body: string, transcript: Structure | null, replace: boolean): Promise<void> {
  if (replace) await sql`DELETE FROM items_fts WHERE rowid = ${seq}`.execute(db);
  await sql`INSERT INTO items_fts(rowid, headline, body, extra) VALUES (${seq}, ${ftsClean(headline)}, ${ftsClean(body)}, ${ftsClean(extraText(body, transcript))})`.execute(db);
}

/** Remove an item's question rows from `questions_fts` (before its `questions` rows are replaced). */
export async function unindexQuestions(db: Db, itemSeq: number): Promise<void> {
  await sql`DELETE FROM questions_fts WHERE rowid IN (SELECT id FROM questions WHERE item_seq = ${itemSeq})`.execute(db);
}

/** Remove question rows, by `questions.id`, from `questions_fts`. */
export async function unindexQuestionIds(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`DELETE FROM questions_fts WHERE rowid IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`.execute(db);
}

/** Index one question row. */
export async function indexQuestion(db: Db, id: number, question: string, answer: string): Promise<void> {
  await sql`INSERT INTO questions_fts(rowid, question, answer) VALUES (${id}, ${ftsClean(question)}, ${ftsClean(answer)})`.execute(db);
}

/** Index question rows (several per statement). */
export async function indexQuestions(db: Db, rows: readonly { id: number; question: string; answer: string }[]): Promise<void> {
  const CHUNK = 32;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await sql`INSERT INTO questions_fts(rowid, question, answer) VALUES ${sql.join(part.map((r) => sql`(${r.id}, ${ftsClean(r.question)}, ${ftsClean(r.answer)})`))}`.execute(db);
  }
}

/**
 * Run a search (see {@link SearchQuery}) against the FTS tables.
 *
 * @param sectionId Resolved section filter: undefined = no filter, null = unknown section (matches nothing).
 * @throws PressroomError `PRESSROOM_E_BAD_QUERY` (unusable query), `PRESSROOM_E_BAD_REQUEST` (bad limit/offset/sort/scope/dates).
 */
export async function searchSqlite(db: Db, q: SearchQuery, sectionId: number | null | undefined): Promise<SearchResult> {
  const { limit, offset, sort, scope } = searchArgs(q);
  const parsed = parseQuery(q.q);
  const notice = parsed.notices.length ? parsed.notices.join(" ") : undefined;

  const result = scope === "all"
    ? await searchItems(db, parsed.ast, q, sort, limit, offset, sectionId)
    : await searchQuestions(db, parsed.ast, q, scope, sort, limit, offset, sectionId);
  if (notice) result.notice = notice;
  return result;
}

/** Plain rowid page of matches, newest posted first (FTS5 walks its doclists backwards: cheap). */
async function newestMatches(db: Db, from: RawBuilder<unknown>, where: RawBuilder<unknown>, n: number): Promise<number[]> {
  const r = await sql<{ id: number }>`SELECT items_fts.rowid AS id FROM ${from} WHERE ${where} ORDER BY items_fts.rowid DESC LIMIT ${n}`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Words of a query looked up on their own in headlines at most, before a costly headline pass. */
const HEADLINE_PROBES = 3;

/**
 * True when no headline can match the positive part of `ast`, shown cheaply: a word of a plain
 * term or phrase that no headline holds. The headline pass of a broad query checks positions
 * in every match (a phrase such as "the President" reads the long position lists of `the`),
 * which is slow when few or no headlines match; a single word restricted to headlines is a
 * quick look-up. Only ASCII terms are split here, where FTS5's tokenizer (unicode61: letters
 * and digits) makes each run of letters and digits exactly one token, stemmed the same way.
 * Used for phrases and multi-term queries; false (unknown) otherwise.
 */
async function noHeadlineCanMatch(db: Db, ast: QueryAst): Promise<boolean> {
  const terms = ast.all.filter((n): n is TermNode => n.type === "term");
  const wordsOf = (t: TermNode) => (/^[\x00-\x7f]*$/.test(t.text) ? t.text.match(/[A-Za-z0-9]+/g) ?? [] : []);
  if (ast.all.length < 2 && !terms.some((t) => wordsOf(t).length > 1)) return false;
  const words = new Set<string>();
  for (const t of terms) for (const w of wordsOf(t)) words.add(w.toLowerCase());
  // longer words first: they are rarer, so likelier to show that no headline matches
  const probes = [...words].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).slice(0, HEADLINE_PROBES);
  for (const w of probes) {
    const r = await sql<{ x: number }>`SELECT 1 AS x FROM items_fts WHERE items_fts MATCH ${`{headline} : "${w}"`} LIMIT 1`.execute(db);
    if (r.rows.length === 0) return true;
  }
  return false;
}

async function searchItems(db: Db, ast: QueryAst, q: SearchQuery, sort: "relevance" | "date", limit: number, offset: number, sectionId: number | null | undefined): Promise<SearchResult> {
  const match = compileFts5(ast);
  const filters = itemFilters(q, sectionId);
  const from = filters.length > 0 || sort === "date" ? sql`items_fts JOIN items i ON i.seq = items_fts.rowid` : sql`items_fts`;
  const where = andAll([sql`items_fts MATCH ${match}`, ...filters]);
  const { total, totalCapped } = await cappedCount(db, sql`SELECT 1 FROM ${from} WHERE ${where}`);

  let page: { seq: number; score: number }[] = [];
  if (total === 0 || (!totalCapped && offset >= total)) {
    page = [];
  } else if (!totalCapped) {
    // Few matches: exact order (BM25, headline ×10; or date).
    const order = sort === "relevance" ? sql`bm25(items_fts, 10.0, 1.0, 1.0)` : sql`i.dated_at DESC, i.seq DESC`;
    const r = await sql<{ seq: number; r: number }>`
      SELECT items_fts.rowid AS seq, ${sort === "relevance" ? sql`bm25(items_fts, 10.0, 1.0, 1.0)` : sql`0`} AS r
      FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`.execute(db);
    page = r.rows.map((x) => ({ seq: x.seq, score: x.r === 0 ? 0 : -x.r }));
  } else if (sort === "relevance") {
    // Many matches: items whose headline matches come first, then the rest; newest first
    // within each tier (exact BM25 over every match would cost O(matches)).
    const need = offset + limit;
    const headWhere = andAll([sql`items_fts MATCH ${compileFts5(ast, undefined, ["headline"])}`, ...filters]);
    const head = await noHeadlineCanMatch(db, ast) ? [] : await newestMatches(db, from, headWhere, need);
    const seen = new Set(head);
    const rest = head.length < need ? (await newestMatches(db, from, where, need + head.length)).filter((x) => !seen.has(x)) : [];
    page = [...head.map((seq) => ({ seq, score: 2 })), ...rest.map((seq) => ({ seq, score: 1 }))].slice(offset, need);
  } else {
    // Many matches, by date: exact among the most recently posted matches.
    const need = offset + limit;
    const window = Math.max(DATE_WINDOW, need * 4);
    const r = await sql<{ seq: number }>`
      SELECT seq FROM items WHERE seq IN (SELECT items_fts.rowid FROM ${from} WHERE ${where} ORDER BY items_fts.rowid DESC LIMIT ${window})
      ORDER BY dated_at DESC, seq DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
    page = r.rows.map((x) => ({ seq: x.seq, score: 0 }));
  }

  const hits = await itemHits(db, page, ast, sort, sql`i.*`, readBodyBytes);
  return totalCapped ? { total, totalCapped, hits } : { total, hits };
}

/** Bodies of item versions as UTF-8 bytes (snippets of long bodies). */
const readBodyBytes: BodyBytesReader = async (db, pairs) => {
  const read = await sql<{ seq: number; body: Uint8Array | null }>`
    SELECT v.item_seq AS seq, CAST(v.body AS BLOB) AS body
    FROM json_each(${JSON.stringify(pairs)}) j JOIN item_versions v ON v.item_seq = json_extract(j.value, '$[0]') AND v.version = json_extract(j.value, '$[1]')`.execute(db);
  return read.rows.map((r) => ({ seq: r.seq, body: Buffer.from(r.body?.buffer ?? new ArrayBuffer(0), r.body?.byteOffset ?? 0, r.body?.byteLength ?? 0) }));
};

async function searchQuestions(db: Db, ast: QueryAst, q: SearchQuery, scope: "questions" | "answers", sort: "relevance" | "date", limit: number, offset: number, sectionId: number | null | undefined): Promise<SearchResult> {
  const match = compileFts5(ast, [scope === "questions" ? "question" : "answer"]);
  const filters = [...itemFilters(q, sectionId), ...questionFilters(q)];
  const from = sql`questions_fts JOIN questions q ON q.id = questions_fts.rowid JOIN items i ON i.seq = q.item_seq`;
  const where = andAll([sql`questions_fts MATCH ${match}`, ...filters]);
  const { total, totalCapped } = await cappedCount(db, sql`SELECT 1 FROM ${from} WHERE ${where}`);
  const order = sort === "date" ? sql`i.dated_at DESC, q.id DESC`
    : totalCapped ? sql`questions_fts.rowid DESC` : sql`bm25(questions_fts)`;
  const page = total === 0 ? { rows: [] } : await sql<QuestionRow & ItemRow & { r: number }>`
    SELECT i.*, q.id AS q_id, q.exchange_index, q.questioner, q.outlet, q.question, q.answer, q.follow_up,
           ${sort === "relevance" && !totalCapped ? sql`bm25(questions_fts)` : sql`0`} AS r
    FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`.execute(db);
  const hits = questionHits(page.rows, ast, scope);
  return totalCapped ? { total, totalCapped, hits } : { total, hits };
}

/**
 * Transcript exchanges for questioner/outlet pages: filtered by questioner/outlet, optionally
 * by a query over question and answer text (then ordered by relevance), else newest first.
 */
export async function listQuestions(db: Db, q: { questioner?: string; outlet?: string; q?: string; limit?: number; offset?: number }): Promise<{ questions: QuestionTurn[]; total: number; totalCapped?: boolean }> {
  const { limit, offset } = pageArgs(q);
  const filters = questionFilters(q);
  let from: RawBuilder<unknown> = sql`questions q JOIN items i ON i.seq = q.item_seq`;
  let order: RawBuilder<unknown> = sql`q.posted_at DESC, q.id DESC`;
  if (q.q !== undefined && q.q.trim() !== "") {
    const match = compileFts5(parseQuery(q.q).ast);
    from = sql`questions_fts JOIN questions q ON q.id = questions_fts.rowid JOIN items i ON i.seq = q.item_seq`;
    filters.unshift(sql`questions_fts MATCH ${match}`);
    order = sql`questions_fts.rank`;
  }
  const where = andAll(filters);
  const counted = await cappedCount(db, sql`SELECT 1 FROM ${from} WHERE ${where}`);
  if (counted.totalCapped && q.q !== undefined && q.q.trim() !== "") order = sql`questions_fts.rowid DESC`;
  const rows = await sql<QuestionRow & ItemRow>`
    SELECT i.*, q.id AS q_id, q.exchange_index, q.questioner, q.outlet, q.question, q.answer, q.follow_up
    FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`.execute(db);
  const { total, totalCapped } = counted;
  const questions = rows.rows.map(toQuestionTurn);
  return totalCapped ? { questions, total, totalCapped } : { questions, total };
}


/**
 * The SQLite FTS5 engine as a {@link SearchEngine}: the functions above, unchanged.
 * `itemMatches`/`questionMatches` are conditions on aliases `i` (items) and `q` (questions)
 * through the FTS rowids (`items_fts.rowid = items.seq`, `questions_fts.rowid = questions.id`).
 */
export const sqliteSearchEngine: SearchEngine = {
  dialect: "sqlite",
  indexItem,
  unindexQuestionIds,
  indexQuestions,
  search: searchSqlite,
  listQuestions,
  itemMatches: (ast: QueryAst) => sql<boolean>`i.seq IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ${compileFts5(ast)})`,
  questionMatches: (ast: QueryAst) => sql<boolean>`q.id IN (SELECT rowid FROM questions_fts WHERE questions_fts MATCH ${compileFts5(ast)})`,
};
