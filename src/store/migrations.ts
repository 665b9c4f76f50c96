/**
 * Schema migrations, one list for every dialect. Tables and indexes use the Kysely schema
 * builder; the few dialect-specific parts (integer primary keys, full-text search) branch
 * on {@link DialectName}. Migrations are append-only: never edit one that has shipped.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import { sqliteFtsDdl } from "../search/sqlite-fts.js";
import { pgFtsDdl, pgKindIndexDdl } from "../search/pg-fts.js";
import { accountsMigrations, type AccountsTables } from "./accounts.js";
import { editorialMigrations, type EditorialTables } from "./editorial.js";
import { alertsMigrations, type AlertsTables } from "./alerts.js";
import { sourcesMigrations, type SourcesTables } from "./sources.js";
import { topicsMigrations, type TopicsTables } from "./topics.js";
import { dedupeMigrations, type DedupeTables } from "./dedupe.js";
import { briefingsMigrations, type BriefingsTables } from "./briefings.js";
import { jobsMigrations, type JobsTables } from "./jobs.js";

export type DialectName = "sqlite" | "postgres";

/** Row shapes, for Kysely's typed query builder. Times are epoch ms (UTC). */
export interface Database extends AccountsTables, EditorialTables, AlertsTables, SourcesTables, TopicsTables, DedupeTables, BriefingsTables, JobsTables {
  sections: { id: number; name: string; slug: string; created_at: number };
  items: {
    /** Internal integer key (FTS rowid); never shown to users. */
    seq: number;
    /** Public stable id. */
    id: string;
    identity: string;
    version: number;
    content_hash: string;
    headline: string;
    section: string | null;
    section_id: number | null;
    kind: string;
    published: string | null;
    published_at: number | null;
    /** published_at, else posted_at: what date filters and date sort use. */
    dated_at: number;
    dateline: string | null;
    source_path: string | null;
    source_url: string | null;
    source_guid: string | null;
    source_name: string | null;
    source_format: string;
    ground_basis: string | null;
    ground_rules: string;
    excerpt: string;
    posted_at: number;
    updated_at: number;
    /** JSON array of editorial flags (migration 0003), `[]` when none. */
    flags: string;
    /** IPTC pubstatus of the latest version: `usable` | `canceled` (migration 0006, editorial). */
    pubstatus: string;
  };
  item_versions: {
    item_seq: number;
    version: number;
    content_hash: string;
    stored_at: number;
    headline: string;
    section: string | null;
    kind: string;
    published: string | null;
    published_at: number | null;
    dateline: string | null;
    source: string;
    ground_rules: string;
    body: string;
    transcript: string | null;
    /** JSON array of editorial flags of this version (migration 0003). */
    flags: string;
    /** What changed and why (correction note, withdrawal reason), or null (migration 0006). */
    note: string | null;
    /** `usable` | `canceled` (migration 0006). */
    pubstatus: string;
    /** User name of the editor who made this version, or null for imports (migration 0006). */
    changed_by: string | null;
    /** Sanitised HTML body of an editor-submitted version, or null (migration 0006). */
    body_html: string | null;
  };
  /**
   * The unedited text of a version whose served text was edited before publication
   * (migration 0003). Kept for the record; no read path of the store selects it.
   */
  item_originals: {
    item_seq: number;
    version: number;
    body: string;
    transcript: string | null;
  };
  questions: {
    id: number;
    item_seq: number;
    exchange_index: number;
    questioner: string | null;
    questioner_key: string | null;
    outlet: string | null;
    outlet_key: string | null;
    question: string;
    answer: string;
    follow_up: number;
    posted_at: number;
  };
  /**
   * Maintained item counts (migration 0004), updated in the upsert transaction:
   * `dim` = `total` (key `""`), `section` (section name), `section_id` (sections.id as text)
   * or `kind`; `n` = number of items (latest versions) with that value.
   */
  item_counts: { dim: string; key: string; n: number };
}

function intPk(dialect: DialectName) {
  return dialect === "postgres" ? ("bigserial" as const) : ("integer" as const);
}

/** The migration list for `dialect`, keyed by name (applied in name order). */
export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    "0001_core": {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("sections")
          .addColumn("id", intPk(dialect), (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull().unique())
          .addColumn("slug", "text", (c) => c.notNull().unique())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("items")
          .addColumn("seq", intPk(dialect), (c) => c.primaryKey())
          .addColumn("id", "text", (c) => c.notNull().unique())
          .addColumn("identity", "text", (c) => c.notNull().unique())
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("content_hash", "text", (c) => c.notNull())
          .addColumn("headline", "text", (c) => c.notNull())
          .addColumn("section", "text")
          .addColumn("section_id", "bigint", (c) => c.references("sections.id"))
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("published", "text")
          .addColumn("published_at", "bigint")
          .addColumn("dated_at", "bigint", (c) => c.notNull())
          .addColumn("dateline", "text")
          .addColumn("source_path", "text")
          .addColumn("source_url", "text")
          .addColumn("source_guid", "text")
          .addColumn("source_name", "text")
          .addColumn("source_format", "text", (c) => c.notNull())
          .addColumn("ground_basis", "text")
          .addColumn("ground_rules", "text", (c) => c.notNull())
          .addColumn("excerpt", "text", (c) => c.notNull())
          .addColumn("posted_at", "bigint", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();
        // List order is (posted_at DESC, id DESC); filtered lists and date-sorted search.
        await db.schema.createIndex("items_posted").on("items").columns(["posted_at desc", "id desc"]).execute();
        await db.schema.createIndex("items_section_posted").on("items").columns(["section_id", "posted_at desc", "id desc"]).execute();
        await db.schema.createIndex("items_kind_posted").on("items").columns(["kind", "posted_at desc", "id desc"]).execute();
        await db.schema.createIndex("items_dated").on("items").columns(["dated_at desc", "seq desc"]).execute();

        await db.schema
          .createTable("item_versions")
          .addColumn("item_seq", "bigint", (c) => c.notNull().references("items.seq").onDelete("cascade"))
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("content_hash", "text", (c) => c.notNull())
          .addColumn("stored_at", "bigint", (c) => c.notNull())
          .addColumn("headline", "text", (c) => c.notNull())
          .addColumn("section", "text")
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("published", "text")
          .addColumn("published_at", "bigint")
          .addColumn("dateline", "text")
          .addColumn("source", "text", (c) => c.notNull())
          .addColumn("ground_rules", "text", (c) => c.notNull())
          .addColumn("body", "text", (c) => c.notNull())
          .addColumn("transcript", "text")
          .addPrimaryKeyConstraint("item_versions_pk", ["item_seq", "version"])
          .execute();

        await db.schema
          .createTable("questions")
          .addColumn("id", intPk(dialect), (c) => c.primaryKey())
          .addColumn("item_seq", "bigint", (c) => c.notNull().references("items.seq").onDelete("cascade"))
          .addColumn("exchange_index", "integer", (c) => c.notNull())
          .addColumn("questioner", "text")
          .addColumn("questioner_key", "text")
          .addColumn("outlet", "text")
          .addColumn("outlet_key", "text")
          .addColumn("question", "text", (c) => c.notNull())
          .addColumn("answer", "text", (c) => c.notNull())
          .addColumn("follow_up", "integer", (c) => c.notNull())
          .addColumn("posted_at", "bigint", (c) => c.notNull())
          .addUniqueConstraint("questions_item_exchange", ["item_seq", "exchange_index"])
          .execute();
        await db.schema.createIndex("questions_posted").on("questions").columns(["posted_at desc", "id desc"]).execute();
        await db.schema.createIndex("questions_questioner").on("questions").columns(["questioner_key", "posted_at desc"]).execute();
        await db.schema.createIndex("questions_outlet").on("questions").columns(["outlet_key", "posted_at desc"]).execute();
      },
    },
    "0002_fulltext": {
      async up(db: Kysely<any>) {
        if (dialect === "sqlite") {
          for (const stmt of sqliteFtsDdl) await sql.raw(stmt).execute(db);
          return;
        }
        // PostgreSQL: tsvector columns with GIN indexes (see `search/pg-fts.ts`), kept filled
        // in the upsert transaction like the SQLite store's FTS5 tables.
        for (const stmt of pgFtsDdl) await sql.raw(stmt).execute(db);
      },
    },
    "0003_editorial_flags": {
      async up(db: Kysely<any>) {
        await db.schema.alterTable("items").addColumn("flags", "text", (c) => c.notNull().defaultTo("[]")).execute();
        await db.schema.alterTable("item_versions").addColumn("flags", "text", (c) => c.notNull().defaultTo("[]")).execute();
        await db.schema
          .createTable("item_originals")
          .addColumn("item_seq", "bigint", (c) => c.notNull().references("items.seq").onDelete("cascade"))
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("body", "text", (c) => c.notNull())
          .addColumn("transcript", "text")
          .addPrimaryKeyConstraint("item_originals_pk", ["item_seq", "version"])
          .execute();
      },
    },
    "0004_item_counts": {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("item_counts")
          .addColumn("dim", "text", (c) => c.notNull())
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("n", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("item_counts_pk", ["dim", "key"])
          .execute();
        await sql`INSERT INTO item_counts (dim, key, n) SELECT 'total', '', count(*) FROM items`.execute(db);
        await sql`INSERT INTO item_counts (dim, key, n) SELECT 'section', section, count(*) FROM items WHERE section IS NOT NULL GROUP BY section`.execute(db);
        await sql`INSERT INTO item_counts (dim, key, n) SELECT 'section_id', CAST(section_id AS TEXT), count(*) FROM items WHERE section_id IS NOT NULL GROUP BY section_id`.execute(db);
        await sql`INSERT INTO item_counts (dim, key, n) SELECT 'kind', kind, count(*) FROM items GROUP BY kind`.execute(db);
      },
    },
    "0013_change_seq": {
      async up(db: Kysely<any>) {
        // PostgreSQL: the sequence every write transaction advances after COMMIT, which
        // `Store.changeToken` reads (see `KyselyStore`). SQLite uses PRAGMA data_version.
        if (dialect === "postgres") await sql`CREATE SEQUENCE store_changes`.execute(db);
      },
    },
    "0015_search_kind_index": {
      async up(db: Kysely<any>) {
        // PostgreSQL: the item search index with the kind in it (see `pgKindIndexDdl`).
        if (dialect === "postgres") for (const stmt of pgKindIndexDdl) await sql.raw(stmt).execute(db);
      },
    },
    // Later migrations live beside the module that owns their tables.
    ...accountsMigrations(dialect),
    ...editorialMigrations(dialect),
    ...alertsMigrations(dialect),
    ...sourcesMigrations(dialect),
    ...topicsMigrations(dialect),
    ...dedupeMigrations(dialect),
    ...briefingsMigrations(dialect),
    ...jobsMigrations(dialect),
  };
}

/** A Kysely `MigrationProvider` over {@link migrations}. */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
