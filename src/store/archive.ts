/**
 * Whole-archive reads and restores for `pressroom export` / `pressroom import-archive`
 * (issue 5). Interface and record shapes; the SQLite implementation is `sqlite-archive.ts`,
 * a PostgreSQL store implements the same interface. The JSON Lines format around these
 * shapes is `src/archive/format.ts` (documented in docs/archive.md).
 *
 * Only what cannot be derived is carried: derived columns (excerpts, section rows and
 * slugs, counters, question rows, the full-text index, item subjects, stories) are
 * rebuilt on restore or by their own tasks. No secret is ever read: no password hash,
 * no session, no API token, no webhook or WebSub secret. Times are epoch ms (UTC).
 */
import type { SourceRef } from "../core/document.js";
import type { Pubstatus, ItemInput } from "../core/item.js";
import type { GroundRules, Kind, Structure } from "../core/transcript-types.js";
import type { HeldItem } from "./editorial.js";
import type { Source } from "./sources.js";
import type { FieldFilters } from "../search/fields.js";

/** One stored version of a published item, every stored field. */
export interface ArchivedVersion {
  /** 1 for the first. */
  version: number;
  /** When this version was stored (the item's update time when it is the latest). */
  storedAt: number;
  /** sha256 (hex) of the stored content, as the importer computed it. */
  contentHash: string;
  headline: string;
  section: string | null;
  kind: Kind;
  /** Source publication time as stated (ISO 8601 or a date), or null. */
  published: string | null;
  dateline: string | null;
  source: SourceRef;
  groundRules: GroundRules;
  /** Plain-text body ("" for a withdrawn version). */
  body: string;
  /** Sanitised HTML body of an editor-submitted version, or null. */
  bodyHtml: string | null;
  transcript: Structure | null;
  /** Editorial flags, sorted. */
  flags: string[];
  /** Correction note / withdrawal reason, or null. */
  note: string | null;
  pubstatus: Pubstatus;
  /** Editor's user name, or null for imports. */
  changedBy: string | null;
  /** The unedited text kept for the record when publication edited it, or null. */
  original: { body: string; transcript: Structure | null } | null;
}

/** A published item with every version, oldest first. */
export interface ArchivedItem {
  /** Public id. */
  id: string;
  identity: string;
  /** When this wire first posted the item. */
  postedAt: number;
  /** Every version, 1..n in order. */
  versions: ArchivedVersion[];
}

/** A held (embargoed, scheduled, withheld) item, as stored: the editorial store's own shape. */
export type ArchivedHeld = HeldItem;

/** A user, removed ones included: never the password hash, sessions or tokens. */
export interface ArchivedUser {
  id: number;
  name: string;
  role: string;
  createdAt: number;
  /** When removed, or null. */
  removedAt: number | null;
}

/** One audit-log entry, as stored. */
export interface ArchivedAudit {
  id: number;
  at: number;
  actor: string;
  action: string;
  itemId: string | null;
  detail: Record<string, unknown>;
}

/** A saved search without its webhook secret, its cursor or its deliveries. */
export interface ArchivedSavedSearch {
  id: number;
  userId: number;
  name: string;
  query: string;
  text: string;
  filters: FieldFilters;
  webhookUrl: string;
  createdAt: number;
  active: boolean;
}

/** A registered source with its polling state (not its seen entries or WebSub subscription): the source store's own shape. */
export type ArchivedSource = Source;

/** Number of records of each kind the archive holds. */
export interface ArchiveCounts {
  item: number;
  held: number;
  user: number;
  audit: number;
  saved_search: number;
  source: number;
}

/**
 * Whole-archive reads (paged, so memory stays flat) and restores into an empty store.
 * Restores keep ids, version numbers and times exactly; each call is one transaction.
 * Errors: `PressroomError` `PRESSROOM_E_DATABASE`; `PRESSROOM_E_CONFLICT` when a restored
 * record clashes with a stored one.
 */
export interface ArchiveStore {
  /** Records of each kind stored now. */
  counts(): Promise<ArchiveCounts>;
  /**
   * Published items in storage order, with every version, `limit` (1..1000) at a time.
   * `after` is the `next` of the previous page (null for the first); `next` is null at the end.
   */
  itemsPage(after: string | null, limit: number): Promise<{ items: ArchivedItem[]; next: string | null }>;
  /** Held items by id, `limit` at a time after id `after` ("" for the first page). */
  heldPage(after: string, limit: number): Promise<ArchivedHeld[]>;
  /** Every user (removed ones too), by id. */
  users(): Promise<ArchivedUser[]>;
  /** Audit entries with id > `afterId`, oldest first, at most `limit`. */
  auditPage(afterId: number, limit: number): Promise<ArchivedAudit[]>;
  /** Every saved search, by id. */
  savedSearches(): Promise<ArchivedSavedSearch[]>;
  /** Every source, by id. */
  sources(): Promise<ArchivedSource[]>;
  /**
   * Restore items (every version, replayed through the upsert path so counters, question
   * rows and the full-text index are rebuilt), in one transaction.
   */
  restoreItems(items: ArchivedItem[]): Promise<void>;
  restoreHeld(held: ArchivedHeld[]): Promise<void>;
  /** Users come back without a password (token-less, web sign-in impossible until one is set). */
  restoreUsers(users: ArchivedUser[]): Promise<void>;
  /** Entries keep their ids; later entries number on from the highest. */
  restoreAudit(entries: ArchivedAudit[]): Promise<void>;
  /**
   * Saved searches get a new random webhook secret (never shown: re-create the search to
   * learn one) and a cursor at the newest stored item (no alerts for archived items).
   */
  restoreSavedSearches(searches: ArchivedSavedSearch[]): Promise<void>;
  restoreSources(sources: ArchivedSource[]): Promise<void>;
}
