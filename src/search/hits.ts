/**
 * What both full-text engines share once they know which rows matched: argument checks,
 * the ordinary-column filters, and turning matched items and exchanges into
 * {@link SearchHit}s with snippets (built in JavaScript by `snippet.ts`, so both engines
 * give the same snippet for the same text and query).
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import { PressroomError } from "../core/errors.js";
import type { Database } from "../store/migrations.js";
import type { QuestionTurn, SearchHit, SearchQuery } from "../store/store.js";
import { escapeHtml, makeExcerpt, nameKey, rowToSummary, type ItemRow } from "../store/rows.js";
import type { QueryAst } from "./query.js";
import { firstCandidateByte, highlightTerms, makeSnippet, makeSnippetFromPrefix, snippetKeys } from "./snippet.js";

type Db = Kysely<Database>;

/** Counting stops here: past it, `total` is this number and `totalCapped` is true. */
export const COUNT_CAP = 1_000;
/** With more than {@link COUNT_CAP} matches, date order is exact among this many most recently posted matches (SQLite). */
export const DATE_WINDOW = 2_000;

/** Characters of a body read first for its search snippet. */
export const SNIPPET_PREFIX = 8_192;
/** Bytes decoded past the first place a match could start, before trying the whole body. */
const LATER_BYTES = 3 * SNIPPET_PREFIX;

function clampInt(v: number | undefined, def: number, min: number, max: number, name: string): number {
  if (v === undefined) return def;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `${name} must be an integer from ${min} to ${max}`, { [name]: v });
  }
  return v;
}

/** Validate limit/offset as the Store interface documents them (limit 1..100, offset 0..1,000,000). */
export function pageArgs(q: { limit?: number; offset?: number }): { limit: number; offset: number } {
  return {
    limit: clampInt(q.limit, 20, 1, 100, "limit"),
    offset: clampInt(q.offset, 0, 0, 1_000_000, "offset"),
  };
}

/**
 * Checked arguments of a search: page, sort, scope, and finite `from`/`to` (epoch ms).
 * @throws PressroomError `PRESSROOM_E_BAD_REQUEST` naming the bad argument.
 */
export function searchArgs(q: SearchQuery): { limit: number; offset: number; sort: "relevance" | "date"; scope: "all" | "questions" | "answers" } {
  const { limit, offset } = pageArgs(q);
  for (const k of ["from", "to"] as const) {
    const v = q[k];
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v))) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `${k} must be epoch milliseconds`, { [k]: v });
  }
  const sort = q.sort ?? "relevance";
  if (sort !== "relevance" && sort !== "date") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "sort must be relevance or date");
  const scope = q.scope ?? "all";
  if (scope !== "all" && scope !== "questions" && scope !== "answers") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "scope must be all, questions or answers");
  return { limit, offset, sort, scope };
}

/** SQL conditions on `items i` for the shared filters; `sectionId` resolved by the caller. */
export function itemFilters(q: SearchQuery, sectionId: number | null | undefined, integerDates = false): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  // PostgreSQL compares with a bigint column: whole milliseconds within the range of dates.
  const from = q.from === undefined || !integerDates ? q.from : Math.max(-8.64e15, Math.min(8.64e15, Math.ceil(q.from)));
  const to = q.to === undefined || !integerDates ? q.to : Math.max(-8.64e15, Math.min(8.64e15, Math.floor(q.to)));
  if (sectionId !== undefined) where.push(sql`i.section_id = ${sectionId ?? -1}`);
  if (q.kind !== undefined) where.push(sql`i.kind = ${q.kind}`);
  if (from !== undefined) where.push(sql`i.dated_at >= ${from}`);
  if (to !== undefined) where.push(sql`i.dated_at <= ${to}`);
  return where;
}

/** Conditions on `questions q` for questioner/outlet (exact name, case and spaces folded). */
export function questionFilters(q: { questioner?: string; outlet?: string }): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (q.questioner !== undefined) where.push(sql`q.questioner_key = ${nameKey(q.questioner) ?? ""}`);
  if (q.outlet !== undefined) where.push(sql`q.outlet_key = ${nameKey(q.outlet) ?? ""}`);
  return where;
}

/** `a AND b AND …`, or an always-true condition valid on both dialects. */
export function andAll(parts: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return parts.length === 0 ? sql`1 = 1` : sql.join(parts, sql` AND `);
}

/** How many rows `base` (a SELECT of rows) yields, counting at most {@link COUNT_CAP}+1. */
export async function cappedCount(db: Db, base: RawBuilder<unknown>): Promise<{ total: number; totalCapped: boolean }> {
  const r = await sql<{ n: number | string }>`SELECT count(*) AS n FROM (${base} LIMIT ${COUNT_CAP + 1}) AS counted`.execute(db);
  const n = Number(r.rows[0]?.n ?? 0);
  return n > COUNT_CAP ? { total: COUNT_CAP, totalCapped: true } : { total: n, totalCapped: false };
}

/** Row of an exchange query: the item's columns plus these. */
export type QuestionRow = {
  q_id: number; exchange_index: number; questioner: string | null; outlet: string | null;
  question: string; answer: string; follow_up: number;
};

export function toQuestionTurn(r: QuestionRow & ItemRow): QuestionTurn {
  return {
    itemId: r.id,
    headline: r.headline,
    postedAt: Number(r.posted_at),
    publishedAt: r.published_at === null ? null : Number(r.published_at),
    exchange: r.exchange_index,
    questioner: r.questioner,
    outlet: r.outlet,
    question: r.question,
    answer: r.answer,
    followUp: Number(r.follow_up) === 1,
  };
}

/** Hits of an exchange query: the matched question (or answer) text as the snippet. */
export function questionHits(rows: readonly (QuestionRow & ItemRow & { r: number })[], ast: QueryAst, scope: "questions" | "answers"): SearchHit[] {
  const terms = highlightTerms(ast);
  return rows.map((r) => {
    const text = scope === "questions" ? r.question : r.answer;
    return {
      item: rowToSummary(r),
      snippet: makeSnippet(text, terms) ?? escapeHtml(makeExcerpt(text)),
      score: r.r === 0 ? 0 : -r.r,
      question: toQuestionTurn(r),
    };
  });
}

/**
 * How an engine reads, as UTF-8 bytes, the bodies of some item versions (for snippets of
 * long bodies): `[seq, version]` pairs in, `{ seq, body }` out.
 */
export type BodyBytesReader = (db: Db, pairs: readonly [number, number][]) => Promise<{ seq: number; body: Buffer }[]>;

/**
 * The hits of a page of matched items, in page order, with snippets. Items that vanished
 * since they matched are left out.
 *
 * @param itemColumns SQL selecting the item's columns from `items i` (e.g. `i.*`).
 */
export async function itemHits(
  db: Db, page: readonly { seq: number; score: number }[], ast: QueryAst, sort: "relevance" | "date",
  itemColumns: RawBuilder<unknown>, readBodies: BodyBytesReader,
): Promise<SearchHit[]> {
  const hits: SearchHit[] = [];
  if (page.length === 0) return hits;
  // Snippets from the start of each body first (matches are usually early; long
  // transcripts are costly to read whole), the rest of the body only when that is not enough.
  const rows = await sql<ItemRow & { body_head: string; body_more: number | boolean }>`
    SELECT ${itemColumns}, substr(v.body, 1, ${SNIPPET_PREFIX}) AS body_head, octet_length(v.body) > ${SNIPPET_PREFIX} AS body_more
    FROM items i JOIN item_versions v ON v.item_seq = i.seq AND v.version = i.version
    WHERE i.seq IN (${sql.join(page.map((p) => p.seq))})`.execute(db);
  const bySeq = new Map(rows.rows.map((r) => [Number(r.seq), r]));
  const terms = highlightTerms(ast);
  const found: { row: ItemRow & { body_head: string; body_more: number | boolean }; score: number; snip: string | null | undefined }[] = [];
  for (const p of page) {
    const r = bySeq.get(Number(p.seq));
    if (!r) continue;
    // (substr counts characters, octet_length bytes, JavaScript UTF-16 units: when the body
    // may be longer than the head, the head is treated as a part and the rest read if needed.)
    const snip = r.body_more ? makeSnippetFromPrefix(r.body_head, Infinity, terms) : makeSnippet(r.body_head, terms);
    found.push({ row: r, score: p.score, snip });
  }
  const more = found.filter((f) => f.snip === undefined);
  if (more.length > 0) {
    const later = await laterSnippets(db, more.map((f) => f.row), terms, readBodies);
    for (const f of more) f.snip = later.get(Number(f.row.seq)) ?? null;
  }
  for (const f of found) {
    const { body_head: _h, body_more: _m, ...row } = f.row;
    const snippet = f.snip ?? escapeHtml(f.row.excerpt);
    hits.push({ item: rowToSummary(row), snippet, score: sort === "relevance" ? f.score : 0 });
  }
  return hits;
}

/**
 * Snippets of bodies whose first {@link SNIPPET_PREFIX} characters did not settle them.
 * Each body is read as bytes (turning a long transcript into a string costs more than the
 * search itself) and looked at with {@link firstCandidateByte}: with no place a match could
 * start, the snippet is null (the excerpt, as a scan of the whole body would decide);
 * otherwise the body up to {@link LATER_BYTES} past that place is decoded and scanned, and
 * only when that is not enough the whole body. Results are those of `makeSnippet(body)`.
 *
 * @returns per item seq, the snippet (null: no match in the body).
 */
async function laterSnippets(db: Db, rows: readonly { seq: number; version: number }[], terms: string[][], readBodies: BodyBytesReader): Promise<Map<number, string | null>> {
  const out = new Map<number, string | null>();
  const read = await readBodies(db, rows.map((r) => [Number(r.seq), Number(r.version)]));
  const keys = snippetKeys(terms);
  for (const r of read) {
    const bytes = r.body;
    if (keys !== null && keys.length > 0) {
      const at = firstCandidateByte(bytes, keys);
      if (at < 0) { out.set(r.seq, null); continue; }
      let end = at + LATER_BYTES;
      if (end < bytes.length) {
        while (end > at && (bytes[end]! & 0xc0) === 0x80) end--; // not inside a character
        const snip = makeSnippetFromPrefix(bytes.toString("utf8", 0, end), Infinity, terms);
        if (snip !== undefined) { out.set(r.seq, snip); continue; }
      }
    }
    out.set(r.seq, makeSnippet(bytes.toString("utf8"), terms));
  }
  return out;
}
