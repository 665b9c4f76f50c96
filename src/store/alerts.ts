/**
 * Saved searches and webhook alert deliveries (issue 4). Owner: alerts work.
 * Interface and table shapes; the SQLite implementation is `sqlite-alerts.ts`.
 * Times are epoch milliseconds (UTC).
 *
 * A saved search belongs to a user and watches the public `items` table: each new item
 * (by `items.seq`, past the search's `cursor`) that matches is queued once as a delivery
 * to the search's webhook. Held (embargoed, scheduled, withheld) items are not in `items`
 * until they are released, so no alert can precede an embargo's lift.
 */
import type { Generated, Kysely, Migration } from "kysely";
import type { ItemSummary } from "../core/item.js";
import type { FieldFilters } from "../search/fields.js";
import type { DialectName } from "./migrations.js";

/** Row shapes of this module's tables, merged into the store's `Database` type. */
export interface AlertsTables {
  saved_searches: {
    id: Generated<number>;
    /** Owner (`users.id`); the search goes with the user. */
    user_id: number;
    name: string;
    /** The query as the user typed it, field prefixes included. */
    query: string;
    /** The free text of the query (field prefixes removed); "" when there is none. */
    text: string;
    /** JSON of the {@link FieldFilters} given as prefixes. */
    filters: string;
    webhook_url: string;
    /** HMAC key for signatures, stored as given (shown to the user once at creation). */
    secret: string;
    /** Last `items.seq` examined: items with a higher seq are new to this search. */
    cursor: number;
    created_at: number;
    /** 1 = matching, 0 = paused. */
    active: number;
  };
  alert_deliveries: {
    id: Generated<number>;
    saved_search_id: number;
    /** Public item id. */
    item_id: string;
    /** The item's version when it matched. */
    item_version: number;
    /** JSON: `{ saved_search: {id, name, query}, item: <ninjs> }`, fixed when queued (retries send the same body). */
    payload: string;
    /** `pending` | `delivered` | `failed`. */
    status: string;
    /** Attempts made (including one in flight). */
    attempts: number;
    /** When the next attempt is due (pending), or when the in-flight attempt's lease ends. */
    next_attempt_at: number;
    /** HTTP status of the last answer, or null (none yet, or no answer). */
    last_status: number | null;
    /** Why the last attempt failed (network error, status), or null. */
    last_error: string | null;
    created_at: number;
    delivered_at: number | null;
  };
}

/** A saved search as the store returns it (never the secret). */
export interface SavedSearch {
  id: number;
  userId: number;
  /** The owner's user name. */
  userName: string;
  name: string;
  query: string;
  /** Free text of the query; "" when the query is only field prefixes. */
  text: string;
  filters: FieldFilters;
  webhookUrl: string;
  /** Last `items.seq` examined. */
  cursor: number;
  createdAt: number;
  active: boolean;
}

/** Input of {@link AlertStore.createSavedSearch}; checked by the store (see `alerts/validate.ts`). */
export interface NewSavedSearch {
  userId: number;
  name: string;
  query: string;
  webhookUrl: string;
}

/** Delivery states. */
export type DeliveryStatus = "pending" | "delivered" | "failed";

/** One queued alert. */
export interface Delivery {
  id: number;
  savedSearchId: number;
  itemId: string;
  itemVersion: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

/** A delivery claimed for sending: everything the sender needs. */
export interface ClaimedDelivery extends Delivery {
  /** Stored payload JSON (see {@link AlertsTables}). */
  payload: string;
  webhookUrl: string;
  secret: string;
}

/** What became of an attempt, for {@link AlertStore.finishAttempt}. */
export type AttemptRecord =
  | { status: "delivered"; httpStatus: number; at: number }
  | { status: "pending"; httpStatus: number | null; error: string; nextAttemptAt: number }
  | { status: "failed"; httpStatus: number | null; error: string };

/** Result of one {@link AlertStore.matchBatch}. */
export interface MatchBatchResult {
  /** Items examined (public items past the cursor, at most the batch size). */
  examined: number;
  /** Deliveries queued. */
  queued: number;
  /** The cursor after the batch. */
  cursor: number;
  /** True when no items past the cursor remain. */
  done: boolean;
  /** Set when the search was paused (made inactive) because its stored query no longer parses: why. */
  paused?: string;
}

/**
 * Builds the `item` part of a delivery payload for a matching item (pure and synchronous:
 * it runs inside the store's transaction and must not call the store).
 */
export type ItemPayloadBuilder = (item: ItemSummary, sectionSlug: string | null) => unknown;

/** Most saved searches per user. */
export const MAX_SAVED_SEARCHES_PER_USER = 50;

/**
 * Saved searches and their webhook deliveries. Errors: `PRESSROOM_E_BAD_REQUEST` /
 * `PRESSROOM_E_BAD_QUERY` (bad input), `PRESSROOM_E_CONFLICT` (too many saved searches),
 * `PRESSROOM_E_NOT_FOUND` (no such user), `PRESSROOM_E_DATABASE`.
 */
export interface AlertStore {
  /**
   * Save a search for a user (audited as `alert.create`). It alerts on items posted from
   * now on: its cursor starts at the highest `items.seq`.
   * @returns The search and its webhook secret (the only time the secret is returned).
   */
  createSavedSearch(input: NewSavedSearch, by?: string): Promise<{ search: SavedSearch; secret: string }>;
  /** Saved searches of one user (or of everyone when `userId` is undefined), newest first. */
  listSavedSearches(opts?: { userId?: number }): Promise<SavedSearch[]>;
  getSavedSearch(id: number): Promise<SavedSearch | null>;
  /** Delete a saved search and its deliveries (audited as `alert.delete`). False when there was none. */
  deleteSavedSearch(id: number, by?: string): Promise<boolean>;
  /** Deliveries of a saved search, newest first. `limit` 1..100 (default 20), `offset` ≥ 0. */
  listDeliveries(savedSearchId: number, opts?: { limit?: number; offset?: number }): Promise<{ deliveries: Delivery[]; total: number }>;
  /** Ids of active saved searches (owner not removed) that have public items past their cursor. */
  searchesBehind(): Promise<number[]>;
  /**
   * In one transaction: take up to `batch` public items past the search's cursor (oldest
   * first), queue a delivery for each that matches (once per item, ever), and move the
   * cursor past them. An inactive search or a removed owner only moves nothing. A search
   * whose stored query no longer parses is paused (see {@link MatchBatchResult.paused}).
   */
  matchBatch(savedSearchId: number, batch: number, buildItem: ItemPayloadBuilder): Promise<MatchBatchResult>;
  /**
   * Claim up to `limit` pending deliveries due at `now` (owner not removed), oldest due
   * first: their attempt count goes up by one and their next attempt moves to
   * `now + leaseMs`, so a second worker does not send them too; a crash mid-send retries
   * after the lease.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** Record the outcome of a claimed delivery's attempt. */
  finishAttempt(id: number, outcome: AttemptRecord): Promise<void>;
}

function intPk(dialect: DialectName) {
  return dialect === "postgres" ? ("bigserial" as const) : ("integer" as const);
}

/**
 * This module's migrations, named `0007_...` (later ones `0007b_...`, etc.), merged into
 * the one list in `migrations.ts`. Append-only once shipped.
 */
export function alertsMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    "0007_alerts": {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("saved_searches")
          .addColumn("id", intPk(dialect), (c) => c.primaryKey())
          .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("query", "text", (c) => c.notNull())
          .addColumn("text", "text", (c) => c.notNull())
          .addColumn("filters", "text", (c) => c.notNull())
          .addColumn("webhook_url", "text", (c) => c.notNull())
          .addColumn("secret", "text", (c) => c.notNull())
          .addColumn("cursor", "bigint", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
          .execute();
        await db.schema.createIndex("saved_searches_user").on("saved_searches").columns(["user_id", "id"]).execute();

        await db.schema
          .createTable("alert_deliveries")
          .addColumn("id", intPk(dialect), (c) => c.primaryKey())
          .addColumn("saved_search_id", "bigint", (c) => c.notNull().references("saved_searches.id").onDelete("cascade"))
          .addColumn("item_id", "text", (c) => c.notNull())
          .addColumn("item_version", "integer", (c) => c.notNull())
          .addColumn("payload", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
          .addColumn("last_status", "integer")
          .addColumn("last_error", "text")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("delivered_at", "bigint")
          .addUniqueConstraint("alert_deliveries_once", ["saved_search_id", "item_id"])
          .execute();
        await db.schema.createIndex("alert_deliveries_due").on("alert_deliveries").columns(["status", "next_attempt_at"]).execute();
        await db.schema.createIndex("alert_deliveries_search").on("alert_deliveries").columns(["saved_search_id", "id desc"]).execute();
      },
    },
  };
}
