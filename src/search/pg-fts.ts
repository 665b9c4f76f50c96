/**
 * Full-text search on PostgreSQL: `tsvector` columns with weights, GIN indexes, `@@`.
 *
 * Index ({@link pgFtsDdl}, migration `0002_fulltext`): `items.search_doc`,
 * `items.headline_doc` and `questions.search_doc` (`tsvector`, GIN-indexed), written in the
 * store's upsert transaction by {@link pgSearchEngine}'s index calls, like the SQLite FTS5 tables:
 * - items: headline (weight A), then speakers/outlets and transcript text the body lacks
 *   (`extraText`, weight C), then the body (weight B); a withdrawn item keeps its headline only;
 * - questions: question text (A), then answer text (B).
 * `search_doc` also holds one position-less lexeme per pair of adjacent words, so that the
 * GIN index narrows phrase queries before positions are checked (see `pg-tsearch.ts`).
 *
 * Words: the documents and queries are tokenized by the SQLite engine's own FTS5 tokenizer
 * (`fts-tokens.ts`) and sent as quoted lexemes (`pg-tsearch.ts`), so the two engines agree on
 * every word (case, accents, Porter stemming, no stop words); no PostgreSQL text-search
 * configuration is involved. Queries are compiled from our AST (`query.ts`), not through
 * `websearch_to_tsquery` (see `pg-tsearch.ts` for why).
 *
 * Ranking: `ts_rank_cd` with weights {D 0.1, C 0.1, B 0.1, A 1.0} (a headline match weighs
 * ten times a body match, as with SQLite's BM25 weights 10/1/1) and length normalisation 1
 * (rank / (1 + log(length))); exchanges weigh question and answer text alike; ties newest
 * first. Counting stops at {@link COUNT_CAP} like SQLite. Past the cap, `sort=relevance` is
 * SQLite's simplified order (headline matches first, then the rest, newest posted first in
 * each group); `sort=date` is always exact here (the planner walks the `dated_at` index or
 * sorts the matches, whichever is cheaper).
 * Snippets: built in JavaScript from the stored text by `snippet.ts`, the same as SQLite's
 * (not `ts_headline`, which re-parses whole bodies with PostgreSQL's parser, would highlight
 * different words than we match, and returns unescaped text).
 *
 * Performance: the 50 benchmark queries (`src/bench/queries.ts`) over 1,000,000 items on a
 * quiet 2-core machine, p50 27-31 ms, p95 45-51 ms (docs/performance.md). Matches are found
 * once, up to the cap, by walking the newest items or through the GIN bitmap, whichever the
 * planner's estimate says reads less ({@link itemMatches}). Searches run with sequential
 * scans discouraged and `work_mem` raised ({@link withIndexScans}).
 * Building an item's `tsvector` costs about 1–5 ms per 1,000 words in the importing process
 * (tokenizing through SQLite, see `fts-tokens.ts`).
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Structure } from "../core/transcript-types.js";
import type { Database } from "../store/migrations.js";
import type { ItemRow } from "../store/rows.js";
import type { QuestionTurn, SearchQuery, SearchResult } from "../store/store.js";
import type { SearchEngine } from "./engine.js";
import {
  COUNT_CAP, andAll, cappedCount, itemFilters, itemHits, pageArgs, questionFilters, questionHits, searchArgs,
  toQuestionTurn, type BodyBytesReader, type QuestionRow,
} from "./hits.js";
import { parseQuery, type QueryAst } from "./query.js";
import { compileTsquery, tsvectorLiteral, type TsqueryOptions } from "./pg-tsearch.js";
import { extraText } from "./sqlite-fts.js";

export { COUNT_CAP };

type Db = Kysely<Database>;

/**
 * PostgreSQL DDL of the full-text index (run by migration `0002_fulltext`):
 * - `items.search_doc`: headline, speakers and body with weights (matching and ranking);
 * - `items.headline_doc`: the headline alone, for the "headline matches first" pass of very
 *   broad queries (a weight-restricted query such as `'ceasefir':A` cannot be answered by a
 *   GIN index, which ignores weights: at 50,000 items the planner walked every row, 890 ms;
 *   with its own small index, under 1 ms);
 * - `questions.search_doc`: question and answer text with weights.
 *
 * Each has a GIN index with `gin_pending_list_limit = 256` (kB, instead of the server's 4 MB
 * default): with GIN's fast update, new entries wait in a pending list that every search
 * reads in full until VACUUM or an overflow merges it; at 4 MB a freshly imported archive
 * makes every search scan thousands of unmerged documents (measured at 2,000 items: p50 58 ms
 * against 19 ms). 256 kB keeps that list to about a hundred documents while inserts still
 * merge in batches. The statements are idempotent (`IF NOT EXISTS`).
 */
export const pgFtsDdl: readonly string[] = [
  "ALTER TABLE items ADD COLUMN IF NOT EXISTS search_doc tsvector",
  "ALTER TABLE items ADD COLUMN IF NOT EXISTS headline_doc tsvector",
  "CREATE INDEX IF NOT EXISTS items_search_doc ON items USING gin (search_doc) WITH (gin_pending_list_limit = 256)",
  "CREATE INDEX IF NOT EXISTS items_headline_doc ON items USING gin (headline_doc) WITH (gin_pending_list_limit = 256)",
  "ALTER TABLE questions ADD COLUMN IF NOT EXISTS search_doc tsvector",
  "CREATE INDEX IF NOT EXISTS questions_search_doc ON questions USING gin (search_doc) WITH (gin_pending_list_limit = 256)",
];

/**
 * The item search index with the kind in it (migration `0015_search_kind_index`), run after
 * {@link pgFtsDdl}: one GIN index over `(search_doc, kind)`, through PostgreSQL's `btree_gin`
 * extension (contrib, "trusted": a database owner may create it), replacing the index on
 * `search_doc` alone. A search with a kind filter is then answered by one index scan that
 * intersects the words' and the kind's entries, instead of a GIN bitmap ANDed with a bitmap
 * of every item of that kind from the btree: `statement` with `kind: statement` over 1,000,000
 * items, count 43 → 12.5 ms (docs/performance.md); searches without a kind use the same
 * index as before. Where the extension cannot be created (not installed, no privilege), the
 * statements leave the archive as it was: the old index stays and searches give the same
 * results, only slower with a kind. The extension goes into `public`, never into the store's
 * schema: dropping a store's schema must not drop an extension other schemas' indexes use.
 */
export const pgKindIndexDdl: readonly string[] = [
  `DO $$ BEGIN
     CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public;
   EXCEPTION WHEN OTHERS THEN
     RAISE NOTICE 'btree_gin is not available (%): searches with a kind filter use the older index', SQLERRM;
   END $$`,
  `DO $$ BEGIN
     IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gin') THEN
       CREATE INDEX IF NOT EXISTS items_search_doc_kind ON items USING gin (search_doc, kind) WITH (gin_pending_list_limit = 256);
       DROP INDEX IF EXISTS items_search_doc;
     END IF;
   END $$`,
];

/** `ts_rank_cd` weights, in PostgreSQL's order {D, C, B, A}. */
export const RANK_WEIGHTS = "{0.1, 0.1, 0.1, 1.0}";
/** `ts_rank_cd` weights of exchanges: question (A) and answer (B) text count alike, as in SQLite's `bm25(1, 1)`. */
export const QUESTION_RANK_WEIGHTS = "{0.1, 0.1, 1.0, 1.0}";

/** Every column of `items` but `search_doc` (a hit never needs the vector). */
const ITEM_COLUMN_NAMES = [
  "seq", "id", "identity", "version", "content_hash", "headline", "section", "section_id", "kind", "published",
  "published_at", "dated_at", "dateline", "source_path", "source_url", "source_guid", "source_name", "source_format",
  "ground_basis", "ground_rules", "excerpt", "posted_at", "updated_at", "flags", "pubstatus",
] as const satisfies readonly (keyof ItemRow)[];
// Compile-time check: the list names every column of the items row type.
const _allItemColumns: Exclude<keyof ItemRow, (typeof ITEM_COLUMN_NAMES)[number]> extends never ? true : never = true;
void _allItemColumns;
const ITEM_COLUMNS = sql.raw(ITEM_COLUMN_NAMES.map((c) => `i.${c}`).join(", "));

/** The `tsvector` literal of an item's latest version (with word pairs, see `pg-tsearch.ts`). */
export function itemDocument(headline: string, body: string, transcript: Structure | null): string {
  return tsvectorLiteral([
    { text: headline, weight: "A" },
    { text: extraText(body, transcript), weight: "C" },
    { text: body, weight: "B" },
  ], { pairs: true });
}

/** The `tsvector` literal of a transcript exchange (with word pairs). */
export function questionDocument(question: string, answer: string): string {
  return tsvectorLiteral([{ text: question, weight: "A" }, { text: answer, weight: "B" }], { pairs: true });
}

/** `doc @@ query` for a compiled query, or FALSE when the query can match nothing. */
function matches(doc: RawBuilder<unknown>, tsq: string | null): RawBuilder<boolean> {
  return tsq === null ? sql<boolean>`FALSE` : sql<boolean>`${doc} @@ ${tsq}::tsquery`;
}

/** A query on a `search_doc` column (whose documents carry word pairs). */
function compile(ast: QueryAst, opts: TsqueryOptions = {}): string | null {
  return compileTsquery(ast, { ...opts, pairs: true });
}

/**
 * The query `ts_rank_cd` scores with: the same without pair lexemes (which have no
 * positions, so a cover-density rank would find no cover and give 0).
 */
function rankQuery(ast: QueryAst, opts: TsqueryOptions = {}): string {
  return compileTsquery(ast, { ...opts, pairs: false }) ?? "";
}

async function indexItem(db: Db, seq: number, headline: string, body: string, transcript: Structure | null): Promise<void> {
  await sql`UPDATE items SET search_doc = ${itemDocument(headline, body, transcript)}::tsvector,
    headline_doc = ${tsvectorLiteral([{ text: headline, weight: "A" }])}::tsvector WHERE seq = ${seq}`.execute(db);
}

async function unindexQuestionIds(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`UPDATE questions SET search_doc = NULL WHERE id = ANY(${ids.map(Number)}::bigint[])`.execute(db);
}

async function indexQuestions(db: Db, rows: readonly { id: number; question: string; answer: string }[]): Promise<void> {
  const CHUNK = 32;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await sql`UPDATE questions AS q SET search_doc = v.doc::tsvector
      FROM (VALUES ${sql.join(part.map((r) => sql`(${Number(r.id)}::bigint, ${questionDocument(r.question, r.answer)}::text)`))}) AS v(id, doc)
      WHERE q.id = v.id`.execute(db);
  }
}

/** Bodies of item versions as UTF-8 bytes (snippets of long bodies). */
const readBodyBytes: BodyBytesReader = async (db, pairs) => {
  if (pairs.length === 0) return [];
  const read = await sql<{ seq: number | string; body: Buffer }>`
    SELECT v.item_seq AS seq, convert_to(v.body, 'UTF8') AS body
    FROM item_versions v
    WHERE (v.item_seq, v.version) IN (${sql.join(pairs.map(([s, v]) => sql`(${s}::bigint, ${v}::int)`))})`.execute(db);
  return read.rows.map((r) => ({ seq: Number(r.seq), body: r.body }));
};

/** Seqs of matches, newest posted first. */
async function newestMatches(db: Db, where: RawBuilder<unknown>, n: number): Promise<number[]> {
  const r = await sql<{ seq: number | string }>`SELECT i.seq FROM items i WHERE ${where} ORDER BY i.seq DESC LIMIT ${n}`.execute(db);
  return r.rows.map((x) => Number(x.seq));
}

async function searchItems(db: Db, ast: QueryAst, q: SearchQuery, sort: "relevance" | "date", limit: number, offset: number, sectionId: number | null | undefined): Promise<SearchResult> {
  const tsq = compile(ast);
  if (tsq === null) return { total: 0, hits: [] };
  const filters = itemFilters(q, sectionId, true);
  const where = andAll([matches(sql`i.search_doc`, tsq), ...filters]);
  const found = await itemMatches(db, where, tsq.includes("<->"));
  const totalCapped = found.length > COUNT_CAP;
  const total = Math.min(found.length, COUNT_CAP);

  let page: { seq: number; score: number }[] = [];
  if (total === 0 || (!totalCapped && offset >= total)) {
    page = [];
  } else if (sort === "date" && totalCapped) {
    const r = await sql<{ seq: number | string }>`
      SELECT i.seq FROM items i WHERE ${where} ORDER BY i.dated_at DESC, i.seq DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
    page = r.rows.map((x) => ({ seq: Number(x.seq), score: 0 }));
  } else if (sort === "date") {
    // Every match is known: ordered among themselves (tested again: under READ COMMITTED an
    // item may have changed since they were found).
    const r = await sql<{ seq: number | string }>`
      SELECT i.seq FROM items i WHERE i.seq = ANY(${found}::bigint[]) AND ${where} ORDER BY i.dated_at DESC, i.seq DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
    page = r.rows.map((x) => ({ seq: Number(x.seq), score: 0 }));
  } else if (!totalCapped) {
    const r = await sql<{ seq: number | string; r: number }>`
      SELECT i.seq, ts_rank_cd(${RANK_WEIGHTS}::float4[], i.search_doc, ${rankQuery(ast)}::tsquery, 1) AS r
      FROM items i WHERE i.seq = ANY(${found}::bigint[]) AND ${where} ORDER BY r DESC, i.seq DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
    page = r.rows.map((x) => ({ seq: Number(x.seq), score: Number(x.r) }));
  } else {
    // Many matches: headline matches first, then the rest, newest first within each group.
    const need = offset + limit;
    // The headline's own column and index; exclusions still apply to the whole item.
    const excluded = ast.none.length > 0 ? compile({ all: ast.none.length === 1 ? ast.none : [{ type: "or", terms: ast.none }], none: [] }) : null;
    const headWhere = andAll([
      matches(sql`i.headline_doc`, compileTsquery({ all: ast.all, none: [] })),
      ...(excluded !== null ? [sql`NOT (${matches(sql`i.search_doc`, excluded)})`] : []),
      ...filters,
    ]);
    const head = await newestMatches(db, headWhere, need);
    const seen = new Set(head);
    const rest = head.length < need ? (await newestMatches(db, where, need + head.length)).filter((x) => !seen.has(x)) : [];
    page = [...head.map((seq) => ({ seq, score: 2 })), ...rest.map((seq) => ({ seq, score: 1 }))].slice(offset, need);
  }
  const hits = await itemHits(db, page, ast, sort, ITEM_COLUMNS, readBodyBytes);
  return totalCapped ? { total, totalCapped, hits } : { total, hits };
}

const QUESTION_COLUMNS = sql`q.id AS q_id, q.exchange_index, q.questioner, q.outlet, q.question, q.answer, q.follow_up`;

async function searchQuestions(db: Db, ast: QueryAst, q: SearchQuery, scope: "questions" | "answers", sort: "relevance" | "date", limit: number, offset: number, sectionId: number | null | undefined): Promise<SearchResult> {
  const weights = { weights: scope === "questions" ? "A" : "B" };
  const tsq = compile(ast, weights);
  if (tsq === null) return { total: 0, hits: [] };
  const filters = [...itemFilters(q, sectionId, true), ...questionFilters(q)];
  const from = sql`questions q JOIN items i ON i.seq = q.item_seq`;
  const where = andAll([matches(sql`q.search_doc`, tsq), ...filters]);
  const { total, totalCapped } = await cappedCount(db, sql`SELECT 1 FROM ${from} WHERE ${where}`);
  const ranked = sort === "relevance" && !totalCapped;
  const order = sort === "date" ? sql`i.dated_at DESC, q.id DESC` : ranked ? sql`r DESC, q.id DESC` : sql`q.id DESC`;
  const page = total === 0 ? { rows: [] } : await sql<QuestionRow & ItemRow & { r: number }>`
    SELECT ${ITEM_COLUMNS}, ${QUESTION_COLUMNS},
           ${ranked ? sql`ts_rank_cd(${QUESTION_RANK_WEIGHTS}::float4[], q.search_doc, ${rankQuery(ast, weights)}::tsquery, 1)` : sql`0`} AS r
    FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`.execute(db);
  // questionHits negates SQLite's BM25 (lower is better); ts_rank_cd is higher-is-better.
  const hits = questionHits(page.rows.map((r) => ({ ...r, r: -Number(r.r) })), ast, scope);
  return totalCapped ? { total, totalCapped, hits } : { total, hits };
}

/**
 * Run `fn` with sequential scans discouraged (`SET LOCAL enable_seqscan = off`, in a
 * transaction of its own unless `db` already is one). PostgreSQL's planner prices `@@` as a
 * cheap per-row check and ignores that each row's `tsvector` must be read from TOAST and
 * decompressed, so for a broad query it picks a table scan over the GIN index: at 50,000
 * items "Russia -Ukraine" took 214 ms by scanning against 32 ms by the index, and the
 * benchmark's p95 fell from 119 ms to 53 ms (2-core machine under load). Where no index
 * applies, PostgreSQL still scans.
 */
async function withIndexScans<T>(db: Db, fn: (db: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    await SEARCH_SETTINGS.execute(db);
    return fn(db);
  }
  return db.transaction().execute(async (trx) => {
    await SEARCH_SETTINGS.execute(trx);
    return fn(trx);
  });
}

/**
 * Settings of a search's transaction (`set_config(..., true)` = `SET LOCAL`), in one statement:
 * sequential scans discouraged, and `work_mem` 32 MB so that the bitmap of a common word's
 * matches stays exact: at the server's 4 MB default, a bitmap of 100,000+ matches turns
 * "lossy" (whole pages), and every row of those pages is checked again by reading its
 * `tsvector`: `statement` with `kind: statement` over 1,000,000 items, 158 ms against 50 ms
 * (docs/performance.md). Only a bitmap that large uses the memory, for the statement's time.
 */
const SEARCH_SETTINGS = sql`SELECT set_config('enable_seqscan', 'off', true), set_config('work_mem', '32MB', true)`;

/**
 * Relative CPU cost of the two ways to find out whether more than {@link COUNT_CAP} items
 * match, measured on PostgreSQL 15 at 1,000,000 items: a GIN bitmap costs about 0.2 µs per
 * match (all of them, before the first row is read); walking the items newest first and
 * testing each one's `tsvector` costs about 4 µs per item walked (reading the vector).
 */
const WALK_COST_PER_ITEM = 20;

/**
 * Matches of `where` on items, up to {@link COUNT_CAP} + 1 of them (their `seq`s, in no
 * particular order): all of them when there are no more than the cap, and the caller ranks
 * or orders just those (looked up by `seq`) instead of finding them again. A common word is counted by walking the newest items until enough matched, which
 * stops early (`the` over 1,000,000 items: 5 ms instead of 84 ms for the bitmap of all
 * 997,500 matches); the others through the GIN bitmap. The choice follows the planner's
 * estimate of the number of matches `m` out of `n` items: walking examines about
 * `cap · n / m` items, the bitmap `m` matches, so the walk is chosen when
 * `m² > cap · n · WALK_COST_PER_ITEM`. A phrase cannot be settled by the index (GIN has no
 * positions): every row the bitmap yields is read and checked too, so for a query with a
 * phrase the walk is chosen when `m² > cap · n` (`"the President" vaccine`: 41 ms walking,
 * 87 ms through the bitmap). A wrong estimate costs time, never a wrong count.
 * `how` forces one way (tests); by default the estimate chooses ({@link walkToCount}).
 */
export async function itemMatches(db: Db, where: RawBuilder<unknown>, phrase: boolean, how?: "walk" | "bitmap"): Promise<number[]> {
  let walk = how === "walk";
  if (how === undefined) {
    const { m, n } = await estimateMatches(db, where);
    walk = walkToCount(m, n, phrase);
  }
  const r = await sql<{ seq: number | string }>`
    SELECT i.seq FROM items i WHERE ${where} ${walk ? sql`ORDER BY i.seq DESC` : sql``} LIMIT ${COUNT_CAP + 1}`.execute(db);
  return r.rows.map((x) => Number(x.seq));
}

/**
 * Whether {@link itemMatches} walks the newest items (true) or reads the GIN bitmap (false),
 * for `m` estimated matches out of `n` items, `phrase` when the query has a phrase.
 */
export function walkToCount(m: number, n: number, phrase: boolean): boolean {
  return m * m > COUNT_CAP * n * (phrase ? 1 : WALK_COST_PER_ITEM);
}

/** The planner's estimate of the items matching a search (`m`) out of all items (`n`); 0 and 0 when the table was never analysed. */
interface MatchEstimate { m: number; n: number }

async function estimateMatches(db: Db, where: RawBuilder<unknown>): Promise<MatchEstimate> {
  // reltuples: the planner's own count of the table (-1 before its first ANALYZE).
  const stats = await sql<{ n: number | string }>`SELECT reltuples AS n FROM pg_class WHERE oid = 'items'::regclass`.execute(db);
  const n = Number(stats.rows[0]?.n ?? 0);
  return n > 0 ? { m: await estimatedRows(db, sql`SELECT 1 FROM items i WHERE ${where}`), n } : { m: 0, n: 0 };
}

/** The planner's estimate of the rows of `query` (`EXPLAIN`, nothing run). */
async function estimatedRows(db: Db, query: RawBuilder<unknown>): Promise<number> {
  const r = await sql<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }>`EXPLAIN (FORMAT JSON) ${query}`.execute(db);
  return Number(r.rows[0]?.["QUERY PLAN"]?.[0]?.Plan?.["Plan Rows"] ?? 0);
}

/**
 * Run a search on PostgreSQL (same contract as `searchSqlite`).
 *
 * @param sectionId Resolved section filter: undefined = no filter, null = unknown section (matches nothing).
 * @throws PressroomError `PRESSROOM_E_BAD_QUERY` (unusable query), `PRESSROOM_E_BAD_REQUEST` (bad limit/offset/sort/scope/dates).
 */
export async function searchPostgres(db: Db, q: SearchQuery, sectionId: number | null | undefined): Promise<SearchResult> {
  const { limit, offset, sort, scope } = searchArgs(q);
  const parsed = parseQuery(q.q);
  const result = await withIndexScans(db, (d) => scope === "all"
    ? searchItems(d, parsed.ast, q, sort, limit, offset, sectionId)
    : searchQuestions(d, parsed.ast, q, scope, sort, limit, offset, sectionId));
  if (parsed.notices.length) result.notice = parsed.notices.join(" ");
  return result;
}

/**
 * Transcript exchanges for questioner/outlet pages (same contract as SQLite's
 * `listQuestions`): with `q`, matched in question or answer text and ranked; else newest first.
 *
 * @throws PressroomError `PRESSROOM_E_BAD_QUERY` for an unusable `q`, `PRESSROOM_E_BAD_REQUEST` for a bad limit/offset.
 */
export async function listQuestionsPostgres(db: Db, q: { questioner?: string; outlet?: string; q?: string; limit?: number; offset?: number }): Promise<{ questions: QuestionTurn[]; total: number; totalCapped?: boolean }> {
  const { limit, offset } = pageArgs(q);
  const filters = questionFilters(q);
  let order: RawBuilder<unknown> = sql`q.posted_at DESC, q.id DESC`;
  let tsq: string | null | undefined;
  let rank = "";
  if (q.q !== undefined && q.q.trim() !== "") {
    const ast = parseQuery(q.q).ast;
    tsq = compile(ast);
    rank = rankQuery(ast);
    filters.unshift(matches(sql`q.search_doc`, tsq));
  }
  const from = sql`questions q JOIN items i ON i.seq = q.item_seq`;
  const where = andAll(filters);
  return withIndexScans(db, async (db) => {
    const counted = await cappedCount(db, sql`SELECT 1 FROM ${from} WHERE ${where}`);
    if (tsq) order = counted.totalCapped ? sql`q.id DESC` : sql`ts_rank_cd(${QUESTION_RANK_WEIGHTS}::float4[], q.search_doc, ${rank}::tsquery, 1) DESC, q.id DESC`;
    const rows = counted.total === 0 ? { rows: [] } : await sql<QuestionRow & ItemRow>`
      SELECT ${ITEM_COLUMNS}, ${QUESTION_COLUMNS}
      FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`.execute(db);
    const { total, totalCapped } = counted;
    const questions = rows.rows.map(toQuestionTurn);
    return totalCapped ? { questions, total, totalCapped } : { questions, total };
  });
}

/** The PostgreSQL engine as a {@link SearchEngine} (conditions on aliases `i` = items, `q` = questions). */
export const pgSearchEngine: SearchEngine = {
  dialect: "postgres",
  indexItem: (db, seq, headline, body, transcript) => indexItem(db, seq, headline, body, transcript),
  unindexQuestionIds,
  indexQuestions,
  search: searchPostgres,
  listQuestions: listQuestionsPostgres,
  itemMatches: (ast) => matches(sql`i.search_doc`, compile(ast)),
  questionMatches: (ast) => matches(sql`q.search_doc`, compile(ast)),
};
