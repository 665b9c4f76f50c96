/**
 * The item store over Kysely, one class for both databases ({@link KyselyStore}), and the
 * SQLite opener: Kysely over better-sqlite3 (one connection, WAL, foreign keys on, busy
 * timeout), FTS5 full-text search kept in the same transaction as every upsert.
 * The PostgreSQL opener is `pg.ts`; the dialect-specific parts of the class (write
 * transaction, change token, name collation) branch on `dialect`.
 */
import BetterSqlite3 from "better-sqlite3";
import { CompiledQuery, Kysely, Migrator, PostgresAdapter, SqliteDialect, sql, type SqliteDatabase, type SqliteStatement } from "kysely";
import type { Clock } from "../core/clock.js";
import { PressroomError, isPressroomError } from "../core/errors.js";
import type { Item, ItemInput, ItemSummary, Pubstatus, UpsertResult } from "../core/item.js";
import type { Kind, Structure, GroundRules } from "../core/transcript-types.js";
import type { SourceRef } from "../core/document.js";
import type { ItemFilter, ItemPageRead, ListPage, ListQuery, QuestionPage, QuestionQuery, SearchQuery, SearchResult, Stats, Store } from "./store.js";
import { migrationProvider, type Database, type DialectName } from "./migrations.js";
import { candidateIds, encodeFlags, makeExcerpt, nameKey, parseFlags, publishedToMs, rowToSummary, slugify } from "./rows.js";
import type { StoreCore } from "./sqlite-core.js";
import { SqliteAccountStore } from "./sqlite-accounts.js";
import { SqliteEditorialStore } from "./sqlite-editorial.js";
import { SqliteAlertStore } from "./sqlite-alerts.js";
import { SqliteSourceStore } from "./sqlite-sources.js";
import { SqliteTopicStore, toSubject } from "./sqlite-topics.js";
import { SqliteDedupeStore } from "./sqlite-dedupe.js";
import { SqliteBriefingStore } from "./sqlite-briefings.js";
import { sqliteTx } from "./sqlite-tx.js";
import { SqliteArchiveStore } from "./sqlite-archive.js";
import { sqliteSearchEngine } from "../search/sqlite-fts.js";
import type { SearchEngine } from "../search/engine.js";
import { withSchemaIntrospection } from "./pg-introspect.js";
import { QueryTemplate } from "./query-template.js";

/** Options for {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file path, or `":memory:"`. The directory must exist. */
  file: string;
  /** Source of "now" for posting/update times. */
  clock: Clock;
  /** Milliseconds to wait on a locked database before failing (default 5000). */
  busyTimeoutMs?: number;
  /** Run migrations on open (default true). */
  migrate?: boolean;
  /** Page cache of the connection, in MiB (default 16; `PRESSROOM_SQLITE_CACHE_MB` through the config). */
  cacheMiB?: number;
}

type Db = Kysely<Database>;

const DAY = 86_400_000;

/** A version row with its item's own columns (`itemVersionSelect`). */
type VersionRow = Database["item_versions"] & { item_id: string; item_identity: string; item_posted_at: number };

function versionRowToItem(v: VersionRow): Item {
  return {
    id: v.item_id,
    identity: v.item_identity,
    version: v.version,
    contentHash: v.content_hash,
    headline: v.headline,
    section: v.section,
    kind: v.kind as Kind,
    published: v.published,
    publishedAt: v.published_at,
    dateline: v.dateline,
    source: JSON.parse(v.source) as SourceRef,
    body: v.body,
    transcript: v.transcript ? (JSON.parse(v.transcript) as Structure) : null,
    groundRules: JSON.parse(v.ground_rules) as GroundRules,
    flags: parseFlags(v.flags),
    postedAt: v.item_posted_at,
    updatedAt: v.stored_at,
    pubstatus: v.pubstatus === "canceled" ? "canceled" : "usable",
    note: v.note ?? null,
    changedBy: v.changed_by ?? null,
    bodyHtml: v.body_html ?? null,
  };
}

/** The change token's reads ({@link KyselyStore.changeToken}), compiled once. */
const PG_CHANGES = CompiledQuery.raw("SELECT last_value, is_called FROM store_changes");
const SQLITE_DATA_VERSION = CompiledQuery.raw("PRAGMA data_version");

/**
 * better-sqlite3 behind Kysely's `SqliteDatabase` interface, with a bounded cache of
 * prepared statements keyed by SQL text (Kysely's driver prepares on every query).
 */
function cachingDatabase(raw: BetterSqlite3.Database, max = 300): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => raw.close(),
    prepare(text: string): SqliteStatement {
      let st = cache.get(text);
      if (st) {
        if (!st.busy) { cache.delete(text); cache.set(text, st); return st as unknown as SqliteStatement; }
        return raw.prepare(text) as unknown as SqliteStatement;
      }
      st = raw.prepare(text);
      cache.set(text, st);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return st as unknown as SqliteStatement;
    },
  };
}

/** Rethrow `e` as it is when it is a `PressroomError`, else as `PRESSROOM_E_DATABASE` prefixed with `what`. */
export function dbError(e: unknown, what: string): never {
  if (isPressroomError(e)) throw e;
  const msg = e instanceof Error ? e.message : String(e);
  throw new PressroomError("PRESSROOM_E_DATABASE", `${what}: ${msg}`);
}

/** Encode a list cursor (opaque to clients): base64url of `[postedAt, id]`. */
function encodeCursor(postedAt: number, id: string): string {
  return Buffer.from(JSON.stringify([postedAt, id]), "utf8").toString("base64url");
}

function decodeCursor(c: string): [number, string] {
  const bad = () => new PressroomError("PRESSROOM_E_BAD_REQUEST", "invalid cursor", { cursor: c.slice(0, 100) });
  if (typeof c !== "string" || c.length === 0 || c.length > 400 || !/^[A-Za-z0-9_-]+$/.test(c)) throw bad();
  let v: unknown;
  try { v = JSON.parse(Buffer.from(c, "base64url").toString("utf8")); } catch { throw bad(); }
  if (!Array.isArray(v) || v.length !== 2 || !Number.isSafeInteger(v[0]) || typeof v[1] !== "string") throw bad();
  return [v[0] as number, v[1] as string];
}

function validateFilter(f: ItemFilter) {
  for (const k of ["from", "to"] as const) {
    const v = f[k];
    if (v !== undefined && !Number.isFinite(v)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `${k} must be epoch milliseconds`, { [k]: v });
  }
}

interface ExchangeRow { exchange: number; questioner: string | null; outlet: string | null; question: string; answer: string; followUp: boolean }

/** Printed labels that name no one (`QUESTION`, `Q`, `REPORTER`, ...): not a questioner's name. */
const GENERIC_QUESTIONER_LABEL = /^(?:Q|QUESTION|QUESTIONER|QUESTIONS|REPORTER|REPORTERS|JOURNALIST|PARTICIPANT|CALLER|AUDIENCE(?: MEMBER)?|PRESS|VOICE|UNIDENTIFIED(?: \S+)*|UNKNOWN(?: \S+)*)\.?$/i;

/** Flatten a transcript's exchanges into question rows (names resolved via participants; generic labels such as `QUESTION` are no name). */
export function exchangesOf(t: Structure | null): ExchangeRow[] {
  if (!t || !Array.isArray(t.exchanges)) return [];
  const people = new Map((t.participants ?? []).map((p) => [p.id, p]));
  const turns = new Map((t.turns ?? []).map((x) => [x.index, x]));
  const text = (ix: number[]) => ix.map((i) => turns.get(i)?.text ?? "").filter((s) => s !== "").join("\n\n");
  return t.exchanges.map((e, i) => {
    const p = e.questioner != null ? people.get(e.questioner) : undefined;
    return {
      exchange: i,
      questioner: p?.name ?? (p?.label && !GENERIC_QUESTIONER_LABEL.test(p.label.trim()) ? p.label : null),
      outlet: p?.affiliation ?? null,
      question: text(e.question_turns ?? []),
      answer: text(e.answer_turns ?? []),
      followUp: !!e.follow_up,
    };
  });
}

/** Pending changes to the maintained counters (`item_counts`), keyed by `dim` and `key`. */
type CountDeltas = Map<string, { dim: string; key: string; n: number }>;

/** Add `delta` for one item's kind, section and section id (and the total when `total` is set). */
function addCounts(d: CountDeltas, it: { section: string | null; section_id: number | null; kind: string }, delta: number, total = false): void {
  const keys: [string, string][] = [["kind", it.kind]];
  if (total) keys.push(["total", ""]);
  if (it.section != null) keys.push(["section", it.section]);
  if (it.section_id != null) keys.push(["section_id", String(it.section_id)]);
  for (const [dim, key] of keys) {
    const k = `${dim}\u0000${key}`;
    const e = d.get(k);
    if (e) e.n += delta;
    else d.set(k, { dim, key, n: delta });
  }
}

/**
 * Apply counter deltas inside the upsert transaction: rows whose changes cancel out are not
 * written, the rest in (dim, key) order so that concurrent transactions on PostgreSQL lock
 * the counter rows in one order (no deadlock).
 */
async function applyCounts(db: Db, d: CountDeltas): Promise<void> {
  const rows = [...d.values()].filter((r) => r.n !== 0).sort((a, b) => (a.dim < b.dim ? -1 : a.dim > b.dim ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { dim, key, n } of rows) {
    await sql`INSERT INTO item_counts (dim, key, n) VALUES (${dim}, ${key}, ${n})
      ON CONFLICT (dim, key) DO UPDATE SET n = item_counts.n + excluded.n`.execute(db);
  }
}

/** Options of {@link upsertIn} (issue 4: editorial versions). Times are epoch ms (UTC). */
export interface UpsertOptions {
  /** "Now": the version's stored time and the item's update time. */
  now: number;
  /** Posting time of a NEW item (a release posts at its embargo time); default `now`. Ignored for an existing item. */
  postedAt?: number;
  /** What changed and why (correction note, withdrawal reason). */
  note?: string | null;
  /** `usable` (default) or `canceled` (withdrawn: pass an empty body; the note becomes the excerpt). */
  pubstatus?: Pubstatus;
  /** User name of the editor who made this version. */
  changedBy?: string | null;
  /** Sanitised HTML body, stored with the version. */
  bodyHtml?: string | null;
  /** Public id for a NEW item (a released held item keeps its id); must be free. */
  id?: string;
  /** Make a new version even when the content hash is unchanged (corrections, withdrawals). */
  force?: boolean;
  /**
   * The store's full-text engine (`StoreCore.engine`). When absent: SQLite's FTS5 engine on a
   * SQLite handle; on PostgreSQL it is required (PRESSROOM_E_INTERNAL otherwise).
   */
  engine?: SearchEngine;
}

/** The engine `opts.engine` names, else SQLite's when `db` is a SQLite handle. */
function engineFor(db: Db, engine: SearchEngine | undefined): SearchEngine {
  if (engine) return engine;
  if (db.getExecutor().adapter instanceof PostgresAdapter) throw new PressroomError("PRESSROOM_E_INTERNAL", "upsertIn on PostgreSQL needs opts.engine (the store's StoreCore.engine)");
  return sqliteSearchEngine;
}

async function sectionIdIn(db: Db, name: string | null, now: number): Promise<number | null> {
  if (name == null || name.trim() === "") return null;
  const found = await db.selectFrom("sections").select("id").where("name", "=", name).executeTakeFirst();
  if (found) return found.id;
  const base = slugify(name) || "section";
  let slug = base;
  for (let n = 2; await db.selectFrom("sections").select("id").where("slug", "=", slug).executeTakeFirst(); n++) slug = `${base}-${n}`;
  const ins = await db.insertInto("sections").values({ name, slug, created_at: now } as never).returning("id").executeTakeFirstOrThrow();
  return ins.id;
}

/** True when `id` is taken by a public item or a held item (ids never collide, see `store/editorial.ts`). */
export async function idTaken(db: Db, id: string): Promise<boolean> {
  if (await db.selectFrom("items").select("seq").where("id", "=", id).executeTakeFirst()) return true;
  return !!(await db.selectFrom("held_items").select("id").where("id", "=", id).executeTakeFirst());
}

/**
 * Store one document inside the caller's write transaction `db`: new identity → version 1;
 * same identity and content hash → unchanged (unless `opts.force`); otherwise a new version.
 * An item that was withdrawn (`canceled`) stays withdrawn: only a forced change (an editor's)
 * makes a new version of it. Writes ordinary tables first and the full-text tables last.
 * @throws PressroomError `PRESSROOM_E_INTERNAL` when no free id can be derived, or
 *   `PRESSROOM_E_CONFLICT` when `opts.id` is taken.
 */
export async function upsertIn(db: Db, input: ItemInput, opts: UpsertOptions): Promise<UpsertResult> {
  const engine = engineFor(db, opts.engine);
  const pubstatus: Pubstatus = opts.pubstatus ?? "usable";
  const note = opts.note ?? null;
  const now = opts.now;
  const existing = await db.selectFrom("items").select(["seq", "id", "version", "content_hash", "posted_at", "section", "section_id", "kind", "pubstatus"])
    .where("identity", "=", input.identity).executeTakeFirst();
  if (existing && !opts.force && (existing.content_hash === input.contentHash || existing.pubstatus === "canceled")) {
    return { status: "unchanged" as const, id: existing.id, version: existing.version };
  }
  const sectionId = await sectionIdIn(db, input.section, now);
  const publishedAt = publishedToMs(input.published);
  const src: SourceRef = input.source;
  const common = {
    content_hash: input.contentHash,
    headline: input.headline,
    section: input.section,
    section_id: sectionId,
    kind: input.kind,
    published: input.published,
    published_at: publishedAt,
    dateline: input.dateline,
    source_path: src.path,
    source_url: src.url,
    source_guid: src.guid,
    source_name: src.name,
    source_format: src.format,
    ground_basis: input.groundRules?.basis ?? null,
    ground_rules: JSON.stringify(input.groundRules ?? { basis: null, attribute_to: null }),
    excerpt: pubstatus === "canceled" ? makeExcerpt(`Withdrawn: ${note ?? "withdrawn by the publisher"}`) : makeExcerpt(input.body),
    updated_at: existing ? now : (opts.postedAt ?? now),
    flags: encodeFlags(input.flags),
    pubstatus,
  };
  let seq: number, id: string, version: number, postedAt: number;
  // Ordinary tables first, full-text tables last: FTS5 flushes its pending terms to a
  // new on-disk segment whenever another statement of the transaction opens a statement
  // journal, so interleaving the two would write one tiny segment per row.
  let oldQuestionIds: number[] = [];
  const counts: CountDeltas = new Map();
  if (existing) {
    seq = existing.seq; id = existing.id; version = existing.version + 1; postedAt = existing.posted_at;
    await db.updateTable("items").set({ ...common, version, dated_at: publishedAt ?? postedAt }).where("seq", "=", seq).execute();
    addCounts(counts, existing, -1);
    oldQuestionIds = (await db.selectFrom("questions").select("id").where("item_seq", "=", seq).execute()).map((r) => r.id);
    if (oldQuestionIds.length > 0) await db.deleteFrom("questions").where("item_seq", "=", seq).execute();
  } else {
    id = "";
    if (opts.id !== undefined) {
      if (await db.selectFrom("items").select("seq").where("id", "=", opts.id).executeTakeFirst()) throw new PressroomError("PRESSROOM_E_CONFLICT", `id ${opts.id} is taken`);
      id = opts.id;
    } else {
      for (const cand of candidateIds(input.identity, input.headline)) {
        if (!(await idTaken(db, cand))) { id = cand; break; }
      }
    }
    if (!id) throw new PressroomError("PRESSROOM_E_INTERNAL", "could not derive a unique id");
    version = 1; postedAt = opts.postedAt ?? now;
    const ins = await db.insertInto("items").values({
      ...common, id, identity: input.identity, version, posted_at: postedAt, dated_at: publishedAt ?? postedAt,
    } as never).returning("seq").executeTakeFirstOrThrow();
    seq = ins.seq;
  }
  addCounts(counts, { section: input.section, section_id: sectionId, kind: input.kind }, 1, !existing);
  // SQLite: with the other ordinary tables, before the full-text tables (see above).
  // PostgreSQL: last, so that the counter rows every new item updates (`total`, its kind)
  // stay locked for the shortest time when several processes write at once.
  if (engine.dialect !== "postgres") await applyCounts(db, counts);
  await db.insertInto("item_versions").values({
    item_seq: seq,
    version,
    content_hash: input.contentHash,
    stored_at: common.updated_at,
    headline: input.headline,
    section: input.section,
    kind: input.kind,
    published: input.published,
    published_at: publishedAt,
    dateline: input.dateline,
    source: JSON.stringify(src),
    ground_rules: common.ground_rules,
    body: input.body,
    transcript: input.transcript ? JSON.stringify(input.transcript) : null,
    flags: common.flags,
    note,
    pubstatus,
    changed_by: opts.changedBy ?? null,
    body_html: opts.bodyHtml ?? null,
  }).execute();
  if (input.original) {
    // The unedited text, for the record only: no read path selects this table.
    await db.insertInto("item_originals").values({
      item_seq: seq,
      version,
      body: input.original.body,
      transcript: input.original.transcript ? JSON.stringify(input.original.transcript) : null,
    }).execute();
  }

  const questions: { id: number; question: string; answer: string }[] = [];
  const rows = (pubstatus === "canceled" ? [] : exchangesOf(input.transcript)).filter((ex) => ex.question !== "" || ex.answer !== "").map((ex) => ({
    item_seq: seq,
    exchange_index: ex.exchange,
    questioner: ex.questioner,
    questioner_key: nameKey(ex.questioner),
    outlet: ex.outlet,
    outlet_key: nameKey(ex.outlet),
    question: ex.question,
    answer: ex.answer,
    follow_up: ex.followUp ? 1 : 0,
    posted_at: postedAt,
  }));
  if (engine.dialect === "postgres") {
    // One multi-row INSERT per 500 exchanges instead of one round trip each; ids are
    // matched back by exchange index (RETURNING promises no order).
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const ids = new Map((await db.insertInto("questions").values(chunk as never).returning(["id", "exchange_index"]).execute()).map((r) => [r.exchange_index, r.id]));
      for (const r of chunk) questions.push({ id: Number(ids.get(r.exchange_index)), question: r.question, answer: r.answer });
    }
  } else {
    // SQLite: a prepared single-row insert per exchange is as fast, and stays under the
    // variable limit whatever the number of exchanges.
    for (const r of rows) {
      const q = await db.insertInto("questions").values(r as never).returning("id").executeTakeFirstOrThrow();
      questions.push({ id: Number(q.id), question: r.question, answer: r.answer });
    }
  }

  // Full-text index, last (see above).
  // A withdrawn item keeps its headline in the index (the notice is findable); its body leaves it.
  await engine.indexItem(db, seq, input.headline, pubstatus === "canceled" ? "" : input.body, pubstatus === "canceled" ? null : input.transcript, !!existing);
  if (oldQuestionIds.length > 0) await engine.unindexQuestionIds(db, oldQuestionIds);
  await engine.indexQuestions(db, questions);
  if (engine.dialect === "postgres") await applyCounts(db, counts);
  return { status: existing ? ("updated" as const) : ("imported" as const), id, version };
}

/** How {@link KyselyStore} is set up for one database. */
export interface KyselyStoreOptions {
  dialect: DialectName;
  /** The dialect's full-text engine. */
  engine: SearchEngine;
  /**
   * PostgreSQL: the schema holding the tables and Kysely's migration tables (the connection's
   * search_path names only it). Unset on SQLite.
   */
  schema?: string;
  /**
   * PostgreSQL: a change-token read that started at most this many ms ago is reused (default
   * {@link PG_CHANGE_TOKEN_MAX_AGE_MS}); 0 reads the sequence on every call not sharing a
   * read in flight. This store's own writes move the token at once either way.
   */
  changeTokenMaxAgeMs?: number;
}

/**
 * Default of {@link KyselyStoreOptions.changeTokenMaxAgeMs}: another process's write is seen by
 * this process's caches at most 50 ms later (plus the read's round trip). An item page
 * consults three caches: read every time, the token was half of its round trips to
 * PostgreSQL (measured at 1,000,000 items, docs/performance.md). Pages are served with
 * `max-age=5` anyway.
 */
export const PG_CHANGE_TOKEN_MAX_AGE_MS = 50;

/** PostgreSQL error codes after which an upsert is tried again: unique violation (a concurrent insert of the same identity, id or section), serialization failure, deadlock. */
const RETRY_CODES = new Set(["23505", "40001", "40P01"]);

/**
 * The item store on Kysely, for SQLite and PostgreSQL: items with versions, sections,
 * counters, questions, and the sub-stores, which share it as their {@link StoreCore}.
 *
 * Change token ({@link changeToken}): SQLite combines this store's own commit count with
 * `PRAGMA data_version` (moves on other connections' commits). PostgreSQL reads the sequence
 * `store_changes` (migration `0013_change_seq`), which every write transaction of every
 * process advances right after its COMMIT: a reader that took the token before reading data
 * sees the token move after any write that its data may have missed. (A process that dies
 * between COMMIT and the bump leaves the token unmoved until the next write.)
 */
export class KyselyStore implements Store, StoreCore {
  /** Write transactions committed through this store (see {@link changeToken}). */
  private writes = 0;

  readonly dialect: DialectName;
  private readonly tokenMaxAgeMs: number;
  readonly engine: SearchEngine;
  private readonly schema: string | undefined;

  readonly accounts: SqliteAccountStore;
  readonly editorial: SqliteEditorialStore;
  readonly alerts: SqliteAlertStore;
  readonly sources: SqliteSourceStore;
  readonly topics: SqliteTopicStore;
  readonly dedupe: SqliteDedupeStore;
  readonly archive: SqliteArchiveStore;
  readonly briefings: SqliteBriefingStore;

  constructor(readonly db: Db, readonly clock: Clock, opts: KyselyStoreOptions = { dialect: "sqlite", engine: sqliteSearchEngine }) {
    this.dialect = opts.dialect;
    this.engine = opts.engine;
    this.schema = opts.schema;
    this.tokenMaxAgeMs = opts.changeTokenMaxAgeMs ?? PG_CHANGE_TOKEN_MAX_AGE_MS;
    this.accounts = new SqliteAccountStore(this);
    this.editorial = new SqliteEditorialStore(this);
    this.alerts = new SqliteAlertStore(this);
    this.sources = new SqliteSourceStore(this);
    this.topics = new SqliteTopicStore(this);
    this.dedupe = new SqliteDedupeStore(this);
    this.archive = new SqliteArchiveStore(this);
    this.briefings = new SqliteBriefingStore(this);
  }

  /** The last PostgreSQL read of the change sequence: when it started (ms, `performance.now()`), its value, whether it has settled. */
  private seqRead: { at: number; value: Promise<number>; settled: boolean } | null = null;

  /**
   * On PostgreSQL, the sequence read is shared by the callers that ask while it is in flight
   * or until it is `changeTokenMaxAgeMs` old (one round trip for the several caches a page
   * consults, and for the concurrent pages): a value read a moment earlier is only older,
   * never newer than the data the caller reads after it, so a cache keyed by it is at worst
   * invalidated once more. This store's own commits count at once (`writes`).
   */
  async changeToken(): Promise<string> {
    if (this.dialect !== "postgres") return this.readChangeToken();
    const now = performance.now();
    let read = this.seqRead;
    // A read in flight is always shared (however long the pool makes it wait); a settled one
    // while it is young enough.
    if (!read || (read.settled && now - read.at > this.tokenMaxAgeMs)) {
      const value = this.readChangeSeq();
      const fresh = { at: now, value, settled: false };
      read = this.seqRead = fresh;
      // A failed read is not reused: the next caller tries again.
      value.then(() => { fresh.settled = true; }, () => { if (this.seqRead === fresh) this.seqRead = null; });
    }
    const seq = await read.value;
    return `${this.writes}.${seq}`;
  }

  private async readChangeSeq(): Promise<number> {
    const r = await this.db.executeQuery<{ last_value: number; is_called: boolean }>(PG_CHANGES);
    const row = r.rows[0];
    return row && row.is_called ? Number(row.last_value) : 0;
  }

  private async readChangeToken(): Promise<string> {
    // data_version moves on commits by other connections; own commits are counted here.
    const r = await this.db.executeQuery<{ data_version: number }>(SQLITE_DATA_VERSION);
    return `${this.writes}.${r.rows[0]?.data_version ?? 0}`;
  }

  /**
   * Kysely's migrator for this store. PostgreSQL: migration tables in the store's schema, and
   * an introspection that looks at that schema only (see `pg-introspect.ts`: the stock one
   * fails while other schemas of the database are created or dropped).
   */
  private migrator(): Migrator {
    if (this.dialect === "postgres" && this.schema !== undefined) {
      return new Migrator({ db: withSchemaIntrospection(this.db, this.schema), provider: migrationProvider("postgres"), migrationTableSchema: this.schema });
    }
    return new Migrator({ db: this.db, provider: migrationProvider(this.dialect) });
  }

  async migrate(): Promise<void> {
    const { error, results } = await this.migrator().migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === "Error")?.migrationName;
      dbError(error, failed ? `migration ${failed} failed` : "migrations failed");
    }
  }

  /**
   * Names of the migrations of this version, applied and pending (for readiness checks).
   * @throws PressroomError `PRESSROOM_E_DATABASE` when the migration table cannot be read.
   */
  async migrationState(): Promise<{ applied: string[]; pending: string[] }> {
    try {
      const all = await this.migrator().getMigrations();
      return {
        applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
        pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
      };
    } catch (e) {
      dbError(e, "could not read the migration state");
    }
  }

  /**
   * Run `fn` in a write transaction. SQLite: BEGIN IMMEDIATE, so the write lock is taken up
   * front. PostgreSQL: Kysely's transaction (BEGIN … COMMIT on one pooled connection), then
   * the change sequence moves.
   */
  async writeTx<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (this.dialect === "postgres") {
      const r = await this.db.transaction().execute(fn);
      this.writes++;
      // After COMMIT (see the class comment). The write stands even if this fails: the
      // other processes' caches then notice it at the next write.
      await sql`SELECT nextval('store_changes')`.execute(this.db).catch(() => {});
      return r;
    }
    const r = await sqliteTx(this.db, "IMMEDIATE", fn);
    this.writes++;
    return r;
  }

  /** `expr` compared byte-wise on PostgreSQL (`COLLATE "C"`), as SQLite compares text: same order on both. */
  private bytewise(expr: string) {
    return this.dialect === "postgres" ? sql.raw(`${expr} COLLATE "C"`) : sql.raw(expr);
  }

  /** Resolve a section filter (name or slug): undefined = no filter, null = unknown. */
  private async resolveSection(section: string | undefined): Promise<number | null | undefined> {
    if (section === undefined) return undefined;
    const r = await this.db.selectFrom("sections").select("id")
      .where((eb) => eb.or([eb("name", "=", section), eb("slug", "=", section)]))
      .orderBy(sql`name = ${section}`, "desc").executeTakeFirst();
    return r ? r.id : null;
  }

  async upsert(input: ItemInput, opts: Omit<UpsertOptions, "now"> & { now?: number } = {}): Promise<UpsertResult> {
    if (!input || typeof input.identity !== "string" || input.identity === "") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "item identity is required");
    const now = opts.now ?? this.clock.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeTx(async (db) => upsertIn(db, input, { ...opts, now, engine: this.engine }));
      } catch (e) {
        // PostgreSQL: another process stored the same identity (or section) first, or a
        // deadlock/serialization failure; the next attempt sees its commit.
        if (this.dialect === "postgres" && attempt < 4 && RETRY_CODES.has(String((e as { code?: unknown }).code))) continue;
        dbError(e, "could not store item");
      }
    }
  }

  /** An item's latest version with the item's own columns: one statement, compiled once. */
  private readonly latestQuery = new QueryTemplate(1, (id: string) => this.itemVersionSelect(id).whereRef("v.version", "=", "i.version"));
  /** One version of an item with the item's own columns. */
  private readonly versionQuery = new QueryTemplate(2, (id: string, version: number) => this.itemVersionSelect(id).where("v.version", "=", version));
  /**
   * {@link itemPage}: the latest version, its subjects as one JSON array (SQLite
   * `json_group_array`, PostgreSQL `json_agg`) in the order of `topics.subjectsOf`, and its
   * story id, in one statement.
   */
  private readonly itemPageQuery = new QueryTemplate(1, (id: string) => {
    const obj = this.dialect === "postgres" ? sql.raw("json_build_object") : sql.raw("json_object");
    const agg = this.dialect === "postgres" ? sql.raw("json_agg") : sql.raw("json_group_array");
    const subjects = sql<unknown>`(SELECT ${agg}(${obj}('qcode', tp.qcode, 'uri', tp.uri, 'label', tp.label, 'definition', tp.definition,
        'broader', tp.broader, 'level', tp.level, 'retired', tp.retired, 'score', t.score, 'direct', t.direct, 'assigned_by', t.assigned_by)
      ORDER BY t.direct DESC, t.score DESC, tp.level, tp.qcode)
      FROM item_topics t JOIN topics tp ON tp.qcode = t.qcode WHERE t.item_seq = i.seq)`;
    const story = sql<string | null>`(SELECT si.story_id FROM story_items si WHERE si.item_seq = i.seq LIMIT 1)`;
    return this.itemVersionSelect(id).whereRef("v.version", "=", "i.version").select([subjects.as("subjects_json"), story.as("story_id")]);
  });

  private itemVersionSelect(id: string) {
    return this.db.selectFrom("items as i").innerJoin("item_versions as v", "v.item_seq", "i.seq")
      .selectAll("v").select(["i.id as item_id", "i.identity as item_identity", "i.posted_at as item_posted_at"])
      .where("i.id", "=", id);
  }

  private async itemAt(id: string, version: number | null): Promise<Item | null> {
    try {
      // One statement (an item page reads this on every uncached request).
      const v = (await (version === null ? this.latestQuery.run(this.db, [id]) : this.versionQuery.run(this.db, [id, version]))).rows[0];
      return v ? versionRowToItem(v) : null;
    } catch (e) {
      dbError(e, "could not read item");
    }
  }

  async itemPage(id: string): Promise<ItemPageRead | null> {
    try {
      const v = (await this.itemPageQuery.run(this.db, [id])).rows[0];
      if (!v) return null;
      const raw = v.subjects_json as unknown;
      const list = (typeof raw === "string" ? JSON.parse(raw) : raw ?? []) as Parameters<typeof toSubject>[0][];
      return { item: versionRowToItem(v), subjects: list.map(toSubject), storyId: v.story_id == null ? null : String(v.story_id) };
    } catch (e) {
      dbError(e, "could not read item");
    }
  }

  get(id: string): Promise<Item | null> {
    return this.itemAt(id, null);
  }

  getVersion(id: string, version: number): Promise<Item | null> {
    if (!Number.isInteger(version) || version < 1) return Promise.resolve(null);
    return this.itemAt(id, version);
  }

  async list(q: ListQuery): Promise<ListPage> {
    const limit = q.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "limit must be an integer from 1 to 100", { limit });
    validateFilter(q);
    const cursor = q.cursor !== undefined ? decodeCursor(q.cursor) : null;
    const sectionId = await this.resolveSection(q.section);
    if (sectionId === null) return { items: [], nextCursor: null };
    try {
      let sel = this.db.selectFrom("items").selectAll();
      if (sectionId !== undefined) sel = sel.where("section_id", "=", sectionId);
      if (q.kind !== undefined) sel = sel.where("kind", "=", q.kind);
      if (q.from !== undefined) sel = sel.where("dated_at", ">=", q.from);
      if (q.to !== undefined) sel = sel.where("dated_at", "<=", q.to);
      if (cursor) sel = sel.where(sql<boolean>`(posted_at, id) < (${cursor[0]}, ${cursor[1]})`);
      const rows = await sel.orderBy("posted_at", "desc").orderBy("id", "desc").limit(limit + 1).execute();
      const more = rows.length > limit;
      const page = more ? rows.slice(0, limit) : rows;
      const last = page[page.length - 1];
      return { items: page.map(rowToSummary), nextCursor: more && last ? encodeCursor(last.posted_at, last.id) : null };
    } catch (e) {
      dbError(e, "could not list items");
    }
  }

  async *listAll(filter: ItemFilter = {}): AsyncIterable<ItemSummary> {
    let cursor: string | undefined;
    for (;;) {
      const page = await this.list({ ...filter, limit: 100, ...(cursor ? { cursor } : {}) });
      yield* page.items;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    if (!q || typeof q.q !== "string") throw new PressroomError("PRESSROOM_E_BAD_QUERY", "a query string is required");
    const sectionId = await this.resolveSection(q.section);
    try {
      return await this.engine.search(this.db, q, sectionId);
    } catch (e) {
      dbError(e, "search failed");
    }
  }

  async stats(now: number): Promise<Stats> {
    if (!Number.isFinite(now)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "now must be epoch milliseconds");
    try {
      // Totals per section/kind come from the maintained counters; the rolling windows are
      // range counts on the posted_at index (no table scan).
      const counts = await this.db.selectFrom("item_counts").select(["dim", "key", "n"])
        .where("dim", "in", ["total", "section", "kind"]).where("n", ">", 0)
        .orderBy("dim").orderBy(this.bytewise("key")).execute();
      const since = async (from: number) => (await sql<{ n: number }>`SELECT count(*) AS n FROM items WHERE posted_at >= ${from} AND posted_at <= ${now}`.execute(this.db)).rows[0]?.n ?? 0;
      const d = await since(now - DAY);
      const y = await since(now - 365 * DAY);
      const sections: Record<string, number> = {};
      const kinds: Record<string, number> = {};
      let items = 0;
      for (const r of counts) {
        if (r.dim === "total") items = r.n;
        else if (r.dim === "section") sections[r.key] = r.n;
        else kinds[r.key] = r.n;
      }
      return { items, last24h: d, last365d: y, sections, kinds };
    } catch (e) {
      dbError(e, "could not count items");
    }
  }

  async sections(): Promise<{ name: string; slug: string; count: number }[]> {
    try {
      const rows = await sql<{ name: string; slug: string; count: number }>`
        SELECT s.name AS name, s.slug AS slug, c.n AS count
        FROM sections s JOIN item_counts c ON c.dim = 'section_id' AND c.key = CAST(s.id AS TEXT)
        WHERE c.n > 0 ORDER BY ${this.bytewise("s.name")}`.execute(this.db);
      return rows.rows.map((r) => ({ name: r.name, slug: r.slug, count: r.count }));
    } catch (e) {
      dbError(e, "could not list sections");
    }
  }

  async questions(q: QuestionQuery): Promise<QuestionPage> {
    try {
      return await this.engine.listQuestions(this.db, q ?? {});
    } catch (e) {
      dbError(e, "could not list questions");
    }
  }

  async questioners(opts: { outlet?: string; limit?: number } = {}): Promise<{ name: string; outlet: string | null; count: number }[]> {
    const limit = opts.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "limit must be an integer from 1 to 10000");
    try {
      let sel = this.db.selectFrom("questions")
        .select([sql<string>`min(${this.bytewise("questioner")})`.as("name"), sql<string | null>`min(${this.bytewise("outlet")})`.as("outlet"), sql<number>`count(*)`.as("count")])
        .where("questioner_key", "is not", null);
      if (opts.outlet !== undefined) sel = sel.where("outlet_key", "=", nameKey(opts.outlet) ?? "");
      const rows = await sel.groupBy(["questioner_key", "outlet_key"]).orderBy("count", "desc").orderBy("name").limit(limit).execute();
      return rows.map((r) => ({ name: r.name, outlet: r.outlet, count: r.count }));
    } catch (e) {
      dbError(e, "could not list questioners");
    }
  }

  async outlets(opts: { limit?: number } = {}): Promise<{ name: string; count: number }[]> {
    const limit = opts.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "limit must be an integer from 1 to 10000");
    try {
      const rows = await this.db.selectFrom("questions")
        .select([sql<string>`min(${this.bytewise("outlet")})`.as("name"), sql<number>`count(*)`.as("count")])
        .where("outlet_key", "is not", null).groupBy("outlet_key").orderBy("count", "desc").orderBy("name").limit(limit).execute();
      return rows.map((r) => ({ name: r.name, count: r.count }));
    } catch (e) {
      dbError(e, "could not list outlets");
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/**
 * Open (creating if needed) a SQLite store and bring its schema up to date.
 *
 * Pragmas: `journal_mode=WAL` (files only), `synchronous=NORMAL`, `foreign_keys=ON`,
 * `busy_timeout` (default 5000 ms), a 64 MiB page cache, in-memory temp tables.
 *
 * @param opts.file Database path or `":memory:"`.
 * @param opts.clock Clock for posting/update times (epoch ms, UTC).
 * @throws PressroomError `PRESSROOM_E_DATABASE` when the file cannot be opened or migrated.
 */
export async function openSqliteStore(opts: SqliteStoreOptions): Promise<Store> {
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(opts.file);
    if (opts.file !== ":memory:" && opts.file !== "") raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = NORMAL");
    // Page cache in KiB (a negative cache_size is KiB, SQLite's own default is 2 MiB).
    raw.pragma(`cache_size = -${Math.max(1, Math.floor(opts.cacheMiB ?? 16)) * 1024}`);
    raw.pragma("temp_store = MEMORY");
    raw.pragma("foreign_keys = ON");
    raw.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
  } catch (e) {
    dbError(e, `could not open database ${opts.file}`);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingDatabase(raw) }) });
  const store = new KyselyStore(db, opts.clock, { dialect: "sqlite", engine: sqliteSearchEngine });
  return migrateOrClose(store, opts.migrate !== false);
}

/**
 * Bring `store`'s schema up to date (when `migrate`) and return it; on a failed migration the
 * connection is closed and the error rethrown. Shared by the SQLite and PostgreSQL openers.
 */
export async function migrateOrClose(store: KyselyStore, migrate: boolean): Promise<KyselyStore> {
  if (migrate) {
    try {
      await store.migrate();
    } catch (e) {
      await store.db.destroy().catch(() => {});
      throw e;
    }
  }
  return store;
}
