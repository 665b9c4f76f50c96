/**
 * Implementation of {@link AlertStore} for both dialects (the core's `dialect`). SQLite
 * matches saved searches on its FTS5 tables directly (rowid-bounded, fast); PostgreSQL asks
 * the store's search engine (`engine.itemMatches` / `questionMatches`). Claims and
 * matching lock their rows on PostgreSQL (`FOR UPDATE [SKIP LOCKED]`), so several workers
 * never queue or send the same delivery twice; SQLite's write lock already serialises them.
 */
import { sql, type Kysely, type RawBuilder, type Selectable } from "kysely";
import { PressroomError, isPressroomError } from "../core/errors.js";
import { checkSavedSearch } from "../alerts/validate.js";
import { newWebhookSecret } from "../alerts/signing.js";
import type { StoredPayload } from "../alerts/payload.js";
import type { FieldFilters } from "../search/fields.js";
import { compileFts5, parseQuery } from "../search/query.js";
import {
  MAX_SAVED_SEARCHES_PER_USER,
  type AlertStore,
  type AttemptRecord,
  type ClaimedDelivery,
  type Delivery,
  type DeliveryStatus,
  type ItemPayloadBuilder,
  type MatchBatchResult,
  type NewSavedSearch,
  type SavedSearch,
} from "./alerts.js";
import type { Database } from "./migrations.js";
import { nameKey, rowToSummary, type ItemRow } from "./rows.js";
import { insertAudit } from "./sqlite-accounts.js";
import type { SqliteCore } from "./sqlite-core.js";
import type { SearchEngine } from "../search/engine.js";

type Db = Kysely<Database>;

/** Longest stored error text, in characters. */
const MAX_ERROR_CHARS = 500;

function dbError(e: unknown, what: string): never {
  if (isPressroomError(e)) throw e;
  const msg = e instanceof Error ? e.message : String(e);
  throw new PressroomError("PRESSROOM_E_DATABASE", `${what}: ${msg}`);
}

type SearchRow = Selectable<Database["saved_searches"]> & { user_name: string };

function parseFilters(json: string): FieldFilters {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as FieldFilters) : {};
  } catch {
    return {};
  }
}

function rowToSearch(r: SearchRow): SavedSearch {
  return {
    id: Number(r.id),
    userId: Number(r.user_id),
    userName: r.user_name,
    name: r.name,
    query: r.query,
    text: r.text,
    filters: parseFilters(r.filters),
    webhookUrl: r.webhook_url,
    cursor: Number(r.cursor),
    createdAt: Number(r.created_at),
    active: Number(r.active) === 1,
  };
}

type DeliveryRow = Omit<Selectable<Database["alert_deliveries"]>, "payload">;

function rowToDelivery(r: DeliveryRow): Delivery {
  return {
    id: Number(r.id),
    savedSearchId: Number(r.saved_search_id),
    itemId: r.item_id,
    itemVersion: Number(r.item_version),
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
  };
}

function checkId(id: unknown, what: string): number {
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 1) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `${what} must be a positive integer`);
  return id;
}

/**
 * SQL conditions on `items i` for a saved search's field filters (and the item being
 * usable, not withdrawn). Section: name or slug; kind: exact.
 */
function filterConditions(f: FieldFilters): RawBuilder<unknown>[] {
  // A withdrawn item (pubstatus canceled before the search got to it) is not news to send.
  const where: RawBuilder<unknown>[] = [sql`i.pubstatus = 'usable'`];
  if (f.section !== undefined) where.push(sql`i.section_id IN (SELECT id FROM sections WHERE name = ${f.section} OR slug = ${f.section.toLowerCase()})`);
  if (f.kind !== undefined) where.push(sql`i.kind = ${f.kind}`);
  return where;
}

/** Conditions on `questions q`: an exchange by that questioner or outlet (case-insensitive, as on their pages). */
function questionConditions(f: FieldFilters): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (f.questioner !== undefined) where.push(sql`q.questioner_key = ${nameKey(f.questioner) ?? ""}`);
  if (f.outlet !== undefined) where.push(sql`q.outlet_key = ${nameKey(f.outlet) ?? ""}`);
  return where;
}

function andAll(parts: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return parts.length === 0 ? sql`1 = 1` : sql.join(parts, sql` AND `);
}

/**
 * The `items.seq` values in (lo, hi] that a saved search matches.
 *
 * - Free text alone: the item's full-text index (headline, body, speakers), exactly what
 *   the site's search matches, restricted to the rowid range.
 * - Free text with `questioner:`/`outlet:`: the text must be in an exchange (question or
 *   answer) of that questioner or outlet, like `/outlets/reuters?q=Fordow`.
 * - Only field prefixes: every item in the range that has them.
 */
async function matchingSeqs(db: Db, engine: SearchEngine | null, s: { text: string; filters: FieldFilters }, lo: number, hi: number): Promise<number[]> {
  const f = s.filters;
  const itemWhere = filterConditions(f);
  const qWhere = questionConditions(f);
  let rows: { seq: number }[];
  if (engine && s.text !== "") {
    // Any engine but SQLite's own tables (PostgreSQL): the engine's match conditions.
    const ast = parseQuery(s.text).ast;
    rows = qWhere.length > 0
      ? (await sql<{ seq: number }>`
          SELECT DISTINCT i.seq AS seq FROM questions q JOIN items i ON i.seq = q.item_seq
          WHERE q.item_seq > ${lo} AND q.item_seq <= ${hi} AND ${engine.questionMatches(ast)} AND ${andAll([...itemWhere, ...qWhere])}`.execute(db)).rows
      : (await sql<{ seq: number }>`
          SELECT i.seq AS seq FROM items i
          WHERE i.seq > ${lo} AND i.seq <= ${hi} AND ${engine.itemMatches(ast)} AND ${andAll(itemWhere)}`.execute(db)).rows;
  } else if (s.text !== "" && qWhere.length > 0) {
    const match = compileFts5(parseQuery(s.text).ast);
    // Every exchange of these items has an id at least this: the FTS walk skips older rows.
    const first = await sql<{ id: number | null }>`SELECT min(id) AS id FROM questions WHERE item_seq > ${lo} AND item_seq <= ${hi}`.execute(db);
    const minId = first.rows[0]?.id;
    if (minId === null || minId === undefined) return [];
    rows = (await sql<{ seq: number }>`
      SELECT DISTINCT i.seq AS seq
      FROM questions_fts JOIN questions q ON q.id = questions_fts.rowid JOIN items i ON i.seq = q.item_seq
      WHERE questions_fts MATCH ${match} AND questions_fts.rowid >= ${minId}
        AND q.item_seq > ${lo} AND q.item_seq <= ${hi} AND ${andAll([...itemWhere, ...qWhere])}`.execute(db)).rows;
  } else if (s.text !== "") {
    const match = compileFts5(parseQuery(s.text).ast);
    rows = (await sql<{ seq: number }>`
      SELECT i.seq AS seq
      FROM items_fts JOIN items i ON i.seq = items_fts.rowid
      WHERE items_fts MATCH ${match} AND items_fts.rowid > ${lo} AND items_fts.rowid <= ${hi} AND ${andAll(itemWhere)}`.execute(db)).rows;
  } else {
    const exists = qWhere.length > 0 ? [sql`EXISTS (SELECT 1 FROM questions q WHERE q.item_seq = i.seq AND ${andAll(qWhere)})`] : [];
    rows = (await sql<{ seq: number }>`
      SELECT i.seq AS seq FROM items i WHERE i.seq > ${lo} AND i.seq <= ${hi} AND ${andAll([...itemWhere, ...exists])}`.execute(db)).rows;
  }
  return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
}

export class SqliteAlertStore implements AlertStore {
  constructor(private readonly core: SqliteCore) {}

  private get pg(): boolean {
    return this.core.dialect === "postgres";
  }

  /** The search engine for matching, or null on SQLite (which matches on its FTS5 tables). */
  private engine(): SearchEngine | null {
    return this.pg ? this.core.engine : null;
  }

  private searches(db: Db) {
    return db.selectFrom("saved_searches as s")
      .innerJoin("users as u", "u.id", "s.user_id")
      .selectAll("s")
      .select("u.name as user_name");
  }

  async createSavedSearch(input: NewSavedSearch, by?: string): Promise<{ search: SavedSearch; secret: string }> {
    const userId = checkId(input?.userId, "userId");
    // The route checks the webhook host against the fetch allow list; the store checks the rest
    // (every delivery checks the resolved address again).
    const c = checkSavedSearch({ name: input.name, query: input.query, webhookUrl: input.webhookUrl }, null);
    const secret = newWebhookSecret();
    try {
      const id = await this.core.writeTx(async (db) => {
        const now = this.core.clock.now();
        const user = await db.selectFrom("users").select(["id", "name"]).where("id", "=", userId).where("removed_at", "is", null).executeTakeFirst();
        if (!user) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such user");
        const have = await db.selectFrom("saved_searches").select(sql<number>`count(*)`.as("n")).where("user_id", "=", userId).executeTakeFirstOrThrow();
        if (Number(have.n) >= MAX_SAVED_SEARCHES_PER_USER) {
          throw new PressroomError("PRESSROOM_E_CONFLICT", `a user can have at most ${MAX_SAVED_SEARCHES_PER_USER} saved searches; delete one first`);
        }
        const top = await db.selectFrom("items").select(sql<number | null>`max(seq)`.as("seq")).executeTakeFirstOrThrow();
        const r = await db.insertInto("saved_searches").values({
          user_id: userId,
          name: c.name,
          query: c.query,
          text: c.text,
          filters: JSON.stringify(c.filters),
          webhook_url: c.webhookUrl,
          secret,
          cursor: Number(top.seq ?? 0),
          created_at: now,
          active: 1,
        }).returning("id").executeTakeFirstOrThrow();
        const newId = Number(r.id);
        await insertAudit(db, { actor: by ?? user.name, action: "alert.create", detail: { saved_search: newId, name: c.name, query: c.query, webhook_host: new URL(c.webhookUrl).host } }, now);
        return newId;
      });
      const search = await this.getSavedSearch(id);
      if (!search) throw new PressroomError("PRESSROOM_E_INTERNAL", "saved search vanished after creation");
      return { search, secret };
    } catch (e) {
      dbError(e, "could not save the search");
    }
  }

  async listSavedSearches(opts: { userId?: number } = {}): Promise<SavedSearch[]> {
    try {
      let q = this.searches(this.core.db);
      if (opts.userId !== undefined) q = q.where("s.user_id", "=", checkId(opts.userId, "userId"));
      const rows = await q.where("u.removed_at", "is", null).orderBy("s.id", "desc").execute();
      return rows.map((r) => rowToSearch(r));
    } catch (e) {
      dbError(e, "could not list saved searches");
    }
  }

  async getSavedSearch(id: number): Promise<SavedSearch | null> {
    if (!Number.isSafeInteger(id) || id < 1) return null;
    try {
      const r = await this.searches(this.core.db).where("s.id", "=", id).where("u.removed_at", "is", null).executeTakeFirst();
      return r ? rowToSearch(r) : null;
    } catch (e) {
      dbError(e, "could not read the saved search");
    }
  }

  async deleteSavedSearch(id: number, by?: string): Promise<boolean> {
    if (!Number.isSafeInteger(id) || id < 1) return false;
    try {
      return await this.core.writeTx(async (db) => {
        const r = await this.searches(db).where("s.id", "=", id).executeTakeFirst();
        if (!r) return false;
        await db.deleteFrom("alert_deliveries").where("saved_search_id", "=", id).execute();
        await db.deleteFrom("saved_searches").where("id", "=", id).execute();
        await insertAudit(db, { actor: by ?? r.user_name, action: "alert.delete", detail: { saved_search: id, name: r.name } }, this.core.clock.now());
        return true;
      });
    } catch (e) {
      dbError(e, "could not delete the saved search");
    }
  }

  async listDeliveries(savedSearchId: number, opts: { limit?: number; offset?: number } = {}): Promise<{ deliveries: Delivery[]; total: number }> {
    const limit = opts.limit ?? 20;
    const offset = opts.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "limit must be an integer from 1 to 100");
    if (!Number.isInteger(offset) || offset < 0 || offset > 1_000_000) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "offset must be an integer from 0 to 1000000");
    try {
      const base = this.core.db.selectFrom("alert_deliveries").where("saved_search_id", "=", savedSearchId);
      const total = await base.select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow();
      const rows = await base
        .select(["id", "saved_search_id", "item_id", "item_version", "status", "attempts", "next_attempt_at", "last_status", "last_error", "created_at", "delivered_at"])
        .orderBy("id", "desc").limit(limit).offset(offset).execute();
      return { deliveries: rows.map((r) => rowToDelivery(r)), total: Number(total.n) };
    } catch (e) {
      dbError(e, "could not list deliveries");
    }
  }

  async searchesBehind(): Promise<number[]> {
    try {
      const rows = await sql<{ id: number }>`
        SELECT s.id AS id FROM saved_searches s JOIN users u ON u.id = s.user_id
        WHERE s.active = 1 AND u.removed_at IS NULL AND s.cursor < (SELECT coalesce(max(seq), 0) FROM items)
        ORDER BY s.id`.execute(this.core.db);
      return rows.rows.map((r) => Number(r.id));
    } catch (e) {
      dbError(e, "could not list saved searches");
    }
  }

  async matchBatch(savedSearchId: number, batch: number, buildItem: ItemPayloadBuilder): Promise<MatchBatchResult> {
    if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "batch must be an integer from 1 to 10000");
    try {
      return await this.core.writeTx(async (db) => {
        const now = this.core.clock.now();
        let one = this.searches(db).where("s.id", "=", savedSearchId).where("s.active", "=", 1).where("u.removed_at", "is", null);
        // PostgreSQL: a second worker matching the same search waits here, then sees the moved cursor.
        if (this.pg) one = one.forUpdate("s");
        const r = await one.executeTakeFirst();
        if (!r) return { examined: 0, queued: 0, cursor: 0, done: true };
        const s = rowToSearch(r);
        const span = await sql<{ hi: number | null; n: number }>`
          SELECT max(seq) AS hi, count(*) AS n FROM (SELECT seq FROM items WHERE seq > ${s.cursor} ORDER BY seq LIMIT ${batch}) AS b`.execute(db);
        const n = Number(span.rows[0]?.n ?? 0);
        const hi = span.rows[0]?.hi;
        if (n === 0 || hi === null || hi === undefined) return { examined: 0, queued: 0, cursor: s.cursor, done: true };
        let seqs: number[];
        try {
          seqs = await matchingSeqs(db, this.engine(), s, s.cursor, Number(hi));
        } catch (e) {
          // A stored query the search language no longer accepts: pause the search (once) rather than fail every run.
          if (!isPressroomError(e, "PRESSROOM_E_BAD_QUERY")) throw e;
          await db.updateTable("saved_searches").set({ active: 0 }).where("id", "=", s.id).execute();
          return { examined: 0, queued: 0, cursor: s.cursor, done: true, paused: e.message };
        }
        let queued = 0;
        if (seqs.length > 0) {
          const items = await sql<ItemRow & { section_slug: string | null }>`
            SELECT i.*, sec.slug AS section_slug FROM items i LEFT JOIN sections sec ON sec.id = i.section_id
            WHERE i.seq IN (${sql.join(seqs)}) ORDER BY i.seq`.execute(db);
          for (const row of items.rows) {
            const { section_slug, ...itemRow } = row;
            const payload: StoredPayload = {
              saved_search: { id: s.id, name: s.name, query: s.query },
              item: buildItem(rowToSummary(itemRow as ItemRow), section_slug),
            };
            const ins = await db.insertInto("alert_deliveries").values({
              saved_search_id: s.id,
              item_id: itemRow.id,
              item_version: itemRow.version,
              payload: JSON.stringify(payload),
              status: "pending",
              attempts: 0,
              next_attempt_at: now,
              last_status: null,
              last_error: null,
              created_at: now,
              delivered_at: null,
            }).onConflict((oc) => oc.columns(["saved_search_id", "item_id"]).doNothing()).executeTakeFirst();
            queued += Number(ins.numInsertedOrUpdatedRows ?? 0n);
          }
        }
        await db.updateTable("saved_searches").set({ cursor: Number(hi) }).where("id", "=", s.id).execute();
        return { examined: n, queued, cursor: Number(hi), done: n < batch };
      });
    } catch (e) {
      dbError(e, "could not match a saved search");
    }
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    if (!Number.isFinite(now)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "now must be epoch milliseconds");
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "limit must be an integer from 1 to 1000");
    try {
      // A read first: no write transaction (and no cache invalidation) when nothing is due.
      const due = await this.core.db.selectFrom("alert_deliveries").select("id")
        .where("status", "=", "pending").where("next_attempt_at", "<=", now).limit(1).executeTakeFirst();
      if (!due) return [];
      return await this.core.writeTx(async (db) => {
        let pick = db.selectFrom("alert_deliveries as d")
          .innerJoin("saved_searches as s", "s.id", "d.saved_search_id")
          .innerJoin("users as u", "u.id", "s.user_id")
          .selectAll("d").select(["s.webhook_url", "s.secret"])
          .where("d.status", "=", "pending").where("d.next_attempt_at", "<=", now).where("u.removed_at", "is", null)
          .orderBy("d.next_attempt_at").orderBy("d.id").limit(limit);
        // PostgreSQL: rows another worker is claiming right now are skipped, not claimed twice.
        if (this.pg) pick = pick.forUpdate("d").skipLocked();
        const rows = await pick.execute();
        if (rows.length === 0) return [];
        const ids = rows.map((r) => Number(r.id));
        await db.updateTable("alert_deliveries")
          .set({ attempts: sql`attempts + 1`, next_attempt_at: now + leaseMs })
          .where("id", "in", ids).execute();
        return rows.map((r) => ({
          ...rowToDelivery(r),
          attempts: Number(r.attempts) + 1,
          nextAttemptAt: now + leaseMs,
          payload: r.payload,
          webhookUrl: r.webhook_url,
          secret: r.secret,
        }));
      });
    } catch (e) {
      dbError(e, "could not claim deliveries");
    }
  }

  async finishAttempt(id: number, outcome: AttemptRecord): Promise<void> {
    try {
      await this.core.writeTx(async (db) => {
        const q = db.updateTable("alert_deliveries").where("id", "=", id).where("status", "=", "pending");
        if (outcome.status === "delivered") {
          await q.set({ status: "delivered", last_status: outcome.httpStatus, last_error: null, delivered_at: outcome.at }).execute();
        } else if (outcome.status === "pending") {
          await q.set({ last_status: outcome.httpStatus, last_error: outcome.error.slice(0, MAX_ERROR_CHARS), next_attempt_at: outcome.nextAttemptAt }).execute();
        } else {
          await q.set({ status: "failed", last_status: outcome.httpStatus, last_error: outcome.error.slice(0, MAX_ERROR_CHARS) }).execute();
        }
      });
    } catch (e) {
      dbError(e, "could not record a delivery attempt");
    }
  }
}
