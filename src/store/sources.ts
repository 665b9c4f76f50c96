/**
 * The registry of ingest sources and their polling state (issue 6). Owner: sources work.
 * Interface and table shapes; the SQLite implementation is `sqlite-sources.ts`.
 * Times are epoch milliseconds (UTC) unless a name says otherwise.
 */
import type { Generated, Kysely, Migration } from "kysely";
import type { DialectName } from "./migrations.js";

/** Row shapes of this module's tables, merged into the store's `Database` type. */
export interface SourcesTables {
  sources: {
    id: Generated<number>;
    name: string;
    /** {@link SourceKind}. */
    kind: string;
    /** URL (feed, html-index) or absolute folder path (folder, email-folder); unique. */
    location: string;
    /** Section given to items that name none, or null. */
    section: string | null;
    /** CSS selector of article links on an html-index page, or null. */
    selector: string | null;
    /** Poll interval in seconds. */
    interval_s: number;
    created_at: number;
    etag: string | null;
    last_modified: string | null;
    last_polled_at: number | null;
    last_success_at: number | null;
    last_error: string | null;
    last_error_at: number | null;
    consecutive_failures: number;
    next_poll_at: number;
    items_seen: number;
  };
  /**
   * Entries seen per source, by key (`guid:…`, `link:…`, `hash:…`, `file:…`): which
   * item identity each key belongs to and the hash of the entry as last stored.
   */
  source_entries: {
    source_id: number;
    key: string;
    /** The `items.identity` the entry is stored under. */
    identity: string;
    /** Public item id, or null when the entry was rejected/held. */
    item_id: string | null;
    /** sha256 of the entry's normalised title and body when last seen. */
    content_hash: string;
    seen_at: number;
  };
  /** WebSub subscriptions (migration 0008b): one per source whose feed advertises a hub. */
  source_websub: {
    source_id: number;
    hub: string;
    topic: string;
    /** Random path segment of the callback URL (`/websub/callback/<token>`). */
    token: string;
    /** HMAC secret given to the hub (`hub.secret`). */
    secret: string;
    /** {@link WebSubState}. */
    state: string;
    requested_at: number;
    verified_at: number | null;
    lease_until: number | null;
  };
}

/** Where a WebSub subscription stands: asked for, confirmed by the hub's verification, refused by the hub, or the request failed. */
export type WebSubState = "requested" | "active" | "denied" | "failed";

/** A WebSub subscription of a source (times epoch ms, UTC). */
export interface WebSubSubscription {
  sourceId: number;
  hub: string;
  topic: string;
  token: string;
  secret: string;
  state: WebSubState;
  requestedAt: number;
  verifiedAt: number | null;
  leaseUntil: number | null;
}

/** What a source is (see docs/sources.md). */
export type SourceKind = "feed" | "html-index" | "folder" | "email-folder";
/** Every {@link SourceKind}. */
export const SOURCE_KINDS: readonly SourceKind[] = ["feed", "html-index", "folder", "email-folder"];

/** Polling state of a source. Times are epoch ms (UTC), null when it never happened. */
export interface SourceState {
  /** `ETag` of the last 200 response (sent back as `If-None-Match`). */
  etag: string | null;
  /** `Last-Modified` of the last 200 response (sent back as `If-Modified-Since`). */
  lastModified: string | null;
  lastPolledAt: number | null;
  lastSuccessAt: number | null;
  /** One-line message of the last failure, kept after a later success for the record. */
  lastError: string | null;
  lastErrorAt: number | null;
  /** Failures since the last success (drives the back-off). */
  consecutiveFailures: number;
  /** When the source is next due. */
  nextPollAt: number;
  /** Entries seen over the source's life (new entries only, not re-reads). */
  itemsSeen: number;
}

/** A registered source with its state. */
export interface Source {
  id: number;
  name: string;
  kind: SourceKind;
  /** URL or folder path. */
  location: string;
  section: string | null;
  selector: string | null;
  /** Poll interval (s). */
  intervalS: number;
  createdAt: number;
  state: SourceState;
}

/** Input of {@link SourceStore.add}. */
export interface NewSource {
  name: string;
  kind: SourceKind;
  location: string;
  section?: string | null;
  selector?: string | null;
  /** Poll interval (s), default 900. */
  intervalS?: number;
}

/** A seen entry (see {@link SourcesTables.source_entries}). */
export interface SeenEntry {
  key: string;
  identity: string;
  itemId: string | null;
  contentHash: string;
  seenAt: number;
}

/** The registry of ingest sources and their polling state (issue 6). */
export interface SourceStore {
  /**
   * Register a source, due at once.
   * @throws PressroomError `PRESSROOM_E_CONFLICT` when a source with the same location exists.
   */
  add(s: NewSource): Promise<Source>;
  get(id: number): Promise<Source | null>;
  /** Every source, by id. */
  list(): Promise<Source[]>;
  /** Remove a source and its seen entries (stored items stay). False when there was none. */
  remove(id: number): Promise<boolean>;
  /** Sources whose `nextPollAt` ≤ `now`, earliest due first. */
  due(now: number): Promise<Source[]>;
  /** Change parts of a source's state. */
  updateState(id: number, patch: Partial<SourceState>): Promise<void>;
  /** The seen entries of `sourceId` with any of `keys`, in no particular order. */
  findEntries(sourceId: number, keys: string[]): Promise<SeenEntry[]>;
  /** Record (insert or replace) seen entries of `sourceId`. */
  putEntries(sourceId: number, entries: SeenEntry[]): Promise<void>;
  /** Add `n` to a source's `itemsSeen` (atomic, for polls and pushes at the same time). */
  addItemsSeen(id: number, n: number): Promise<void>;
  /** The WebSub subscription of a source, or null. */
  getWebSub(sourceId: number): Promise<WebSubSubscription | null>;
  /** The WebSub subscription with this callback token, or null. */
  findWebSubByToken(token: string): Promise<WebSubSubscription | null>;
  /** Insert or replace a source's WebSub subscription. */
  putWebSub(sub: WebSubSubscription): Promise<void>;
}

/**
 * This module's migrations, named `0008_...` (later ones `0008b_...`, etc.), merged into
 * the one list in `migrations.ts`. Append-only once shipped.
 */
export function sourcesMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    "0008_sources": {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("sources")
          .addColumn("id", dialect === "postgres" ? "bigserial" : "integer", (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("location", "text", (c) => c.notNull().unique())
          .addColumn("section", "text")
          .addColumn("selector", "text")
          .addColumn("interval_s", "integer", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("etag", "text")
          .addColumn("last_modified", "text")
          .addColumn("last_polled_at", "bigint")
          .addColumn("last_success_at", "bigint")
          .addColumn("last_error", "text")
          .addColumn("last_error_at", "bigint")
          .addColumn("consecutive_failures", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("next_poll_at", "bigint", (c) => c.notNull())
          .addColumn("items_seen", "bigint", (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.createIndex("sources_next_poll").on("sources").columns(["next_poll_at"]).execute();
        await db.schema
          .createTable("source_entries")
          .addColumn("source_id", "bigint", (c) => c.notNull().references("sources.id").onDelete("cascade"))
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("identity", "text", (c) => c.notNull())
          .addColumn("item_id", "text")
          .addColumn("content_hash", "text", (c) => c.notNull())
          .addColumn("seen_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("source_entries_pk", ["source_id", "key"])
          .execute();
      },
    },
    "0008b_websub": {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("source_websub")
          .addColumn("source_id", "bigint", (c) => c.primaryKey().references("sources.id").onDelete("cascade"))
          .addColumn("hub", "text", (c) => c.notNull())
          .addColumn("topic", "text", (c) => c.notNull())
          .addColumn("token", "text", (c) => c.notNull().unique())
          .addColumn("secret", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("requested_at", "bigint", (c) => c.notNull())
          .addColumn("verified_at", "bigint")
          .addColumn("lease_until", "bigint")
          .execute();
      },
    },
  };
}
