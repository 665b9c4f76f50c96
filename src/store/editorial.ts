/**
 * Held items (embargoed, scheduled, withheld), release, corrections and withdrawals (issue 4).
 * Interface and table shapes; the SQLite implementation is `sqlite-editorial.ts`.
 *
 * The design makes "an embargo never leaks" structural: unreleased material never enters the
 * public tables (`items`, `item_versions`, `questions`, the full-text index, `item_counts`).
 * It lives in `held_items` until it is released, and every public read path reads only the
 * public tables. Release moves a held row into the public tables through the same upsert
 * path as an import, in one transaction (insert public rows, delete the held row, audit).
 */
import type { Kysely, Migration } from "kysely";
import type { Item, ItemInput, Pubstatus, UpsertResult } from "../core/item.js";
import type { DialectName } from "./migrations.js";

/**
 * Why an item is held:
 * - `embargoed`: has a lift time; readers, editors and admins may see it early (marked EMBARGOED);
 * - `scheduled`: has a release time; editors (and admins) only;
 * - `withheld`: no time; editors only, until an editor releases it (IPTC pubstatus `withheld`).
 */
export type HeldStatus = "embargoed" | "scheduled" | "withheld";

/** Row shapes of this module's tables, merged into the store's `Database` type. */
export interface EditorialTables {
  /** Unreleased items (migration `0006_editorial`). Times are epoch ms (UTC). */
  held_items: {
    /** Public id, allocated so it never collides with an `items.id`; kept when released. */
    id: string;
    /** Source identity (`pressroom:editor:<uuid>` for editor items), unique among held items. */
    identity: string;
    /** The full {@link ItemInput} as JSON. */
    input: string;
    status: string;
    /** Release / embargo lift time, or null (withheld). */
    release_at: number | null;
    /** The embargo as stated (e.g. the line of an ingested document), or null. */
    embargo: string | null;
    /** User name of the editor who created it, or null (import, feed poller). */
    created_by: string | null;
    created_at: number;
    updated_at: number;
    /** Editor's note (why held, what it is), or null; becomes the version note on release when set. */
    note: string | null;
    /** When the held thing is a new version of an already published item: that item's id. */
    target_id: string | null;
    /** Sanitised HTML body, or null. */
    body_html: string | null;
  };
}

/** An item that is held (not public). */
export interface HeldItem {
  id: string;
  identity: string;
  input: ItemInput;
  status: HeldStatus;
  /** Epoch ms (UTC) of release / embargo lift; null for withheld. */
  releaseAt: number | null;
  /** The embargo as stated, or null. */
  embargo: string | null;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
  note: string | null;
  targetId: string | null;
  bodyHtml: string | null;
}

/** What {@link EditorialStore.hold} takes. */
export interface HoldRequest {
  input: ItemInput;
  status: HeldStatus;
  /** Required (epoch ms, UTC) for `embargoed` and `scheduled`; must be null for `withheld`. */
  releaseAt: number | null;
  embargo?: string | null;
  createdBy?: string | null;
  note?: string | null;
  targetId?: string | null;
  bodyHtml?: string | null;
}

/** Outcome of {@link EditorialStore.hold}: a new held row, an update of the held row of the same identity, or nothing new. */
export interface HoldResult {
  status: "held" | "updated" | "unchanged";
  held: HeldItem;
}

/** One item moved into the public tables by a release. */
export interface Released {
  id: string;
  version: number;
  /** What it was held as. */
  was: HeldStatus;
  /** Posting time used (the release time, epoch ms UTC). */
  postedAt: number;
}

/** One version of a published item, for the version history. */
export interface VersionInfo {
  version: number;
  /** When the version was stored (epoch ms, UTC). */
  storedAt: number;
  headline: string;
  body: string;
  bodyHtml: string | null;
  note: string | null;
  pubstatus: Pubstatus;
  changedBy: string | null;
}

/** Options for a new version made by an editor. */
export interface EditorialChange {
  /** What changed and why (required: never a silent edit). */
  note: string;
  /** User name of the editor. */
  changedBy: string;
  bodyHtml?: string | null;
  /** Extra detail for the audit entry (e.g. a ground-rules override reason). */
  auditDetail?: Record<string, unknown>;
}

/** Who did something, for audit entries: a user name, or `import` / `system` (see `AuditEntry.actor`). */
export type Actor = string;

/** Held items, release, corrections and withdrawals (issue 4). Errors: `PressroomError`. */
export interface EditorialStore {
  /**
   * Hold an item. An existing held row of the same identity is updated (or left unchanged
   * when its content hash is the same). Audited as `item.hold`.
   * @throws `PRESSROOM_E_BAD_REQUEST` for a bad status / release time combination.
   * @throws `PRESSROOM_E_CONFLICT` when the identity is already published (correct it instead).
   */
  hold(req: HoldRequest, actor?: Actor): Promise<HoldResult>;
  /** A held item by public id, or null. */
  getHeld(id: string): Promise<HeldItem | null>;
  /** A held item by identity, or null. */
  getHeldByIdentity(identity: string): Promise<HeldItem | null>;
  /** The published item of an identity (id, version, content hash), or null. */
  publishedByIdentity(identity: string): Promise<{ id: string; version: number; contentHash: string } | null>;
  /**
   * Publish an editor's new item now (version 1, posted now), audited `item.create` in the
   * same transaction. @throws `PRESSROOM_E_CONFLICT` when the identity exists already.
   */
  create(input: ItemInput, change: Omit<EditorialChange, "note"> & { note?: string | null }, actor: Actor): Promise<UpsertResult>;
  /** Held items, soonest release first (withheld last), optionally only some statuses. */
  listHeld(opts?: { status?: HeldStatus[]; limit?: number }): Promise<HeldItem[]>;
  /**
   * Move every held row whose `release_at <= now` into the public tables (one transaction
   * per item), with posted_at = release_at. Safe to run again; catches up after downtime.
   */
  releaseDue(now: number): Promise<Released[]>;
  /** Release one held item now (any status; posted_at = now). Audited `item.release`. @throws `PRESSROOM_E_NOT_FOUND`. */
  releaseNow(id: string, actor: Actor): Promise<Released>;
  /** Drop a held item without publishing it. Audited `item.discard`. @throws `PRESSROOM_E_NOT_FOUND`. */
  discard(id: string, actor: Actor): Promise<void>;
  /**
   * A correction: a new version of a published item (even when the text is the same, the
   * note is recorded). Audited `item.correct`. @throws `PRESSROOM_E_NOT_FOUND`, `PRESSROOM_E_CONFLICT`
   * (the item is withdrawn).
   */
  correct(id: string, input: ItemInput, change: EditorialChange, actor: Actor): Promise<UpsertResult>;
  /**
   * Withdraw a published item: a new version with pubstatus `canceled`, no body, the reason as
   * note; the body leaves the search index. Audited `item.withdraw`.
   * @throws `PRESSROOM_E_NOT_FOUND`; `PRESSROOM_E_CONFLICT` when already withdrawn.
   */
  withdraw(id: string, reason: string, actor: Actor): Promise<UpsertResult>;
  /** Every version of a published item, oldest first; empty when there is no such item. */
  versions(id: string): Promise<VersionInfo[]>;
  /** A held item as an {@link Item} (for editors' and readers' early views). */
  heldAsItem(h: HeldItem): Item;
  /** Record an audit entry (e.g. `item.view_embargoed`) in its own transaction. */
  audit(action: string, actor: Actor, itemId: string, detail?: Record<string, unknown>): Promise<void>;
}

/**
 * This module's migrations: `0006_editorial` adds `held_items`, `items.pubstatus` and the
 * version columns `note`, `pubstatus`, `changed_by`, `body_html`. Append-only once shipped.
 */
export function editorialMigrations(_dialect: DialectName): Record<string, Migration> {
  return {
    "0006_editorial": {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("held_items")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("identity", "text", (c) => c.notNull().unique())
          .addColumn("input", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("release_at", "bigint")
          .addColumn("embargo", "text")
          .addColumn("created_by", "text")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .addColumn("note", "text")
          .addColumn("target_id", "text")
          .addColumn("body_html", "text")
          .execute();
        await db.schema.createIndex("held_items_release").on("held_items").columns(["release_at", "id"]).execute();
        await db.schema.alterTable("items").addColumn("pubstatus", "text", (c) => c.notNull().defaultTo("usable")).execute();
        await db.schema.alterTable("item_versions").addColumn("note", "text").execute();
        await db.schema.alterTable("item_versions").addColumn("pubstatus", "text", (c) => c.notNull().defaultTo("usable")).execute();
        await db.schema.alterTable("item_versions").addColumn("changed_by", "text").execute();
        await db.schema.alterTable("item_versions").addColumn("body_html", "text").execute();
      },
    },
  };
}
