import type { Item, ItemInput, ItemSummary, UpsertResult } from "../core/item.js";
import type { Kind } from "../core/transcript-types.js";

/** Filters shared by lists, feeds and search. Times are epoch ms (UTC), inclusive. */
export interface ItemFilter {
  section?: string;
  kind?: Kind;
  /** Lower bound on the source publication time (falls back to posting time when none). */
  from?: number;
  /** Upper bound on the source publication time (falls back to posting time when none). */
  to?: number;
}

/** Page request for item lists, newest posted first. */
export interface ListQuery extends ItemFilter {
  /** 1..100, default 20. */
  limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
}

export interface ListPage {
  items: ItemSummary[];
  /** Cursor of the next page, or null at the end. */
  nextCursor: string | null;
}

/** A search request; `q` is in the documented query language (see `search/query.ts`). */
export interface SearchQuery extends ItemFilter {
  q: string;
  sort?: "relevance" | "date";
  /** 1..100, default 20. */
  limit?: number;
  /** 0-based offset, default 0. */
  offset?: number;
  /** Limit matches to transcript questions or answers (issue 3). */
  scope?: "all" | "questions" | "answers";
}

export interface SearchHit {
  item: ItemSummary;
  /** Snippet with matches wrapped in `<mark>`…`</mark>`; all other text is HTML-escaped. */
  snippet: string;
  /** Engine score, higher is better (BM25 negated on SQLite). */
  score: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /** Set when the query had syntax the engine rejected and a best-effort search ran instead. */
  notice?: string;
}

/** The wire's rolling counters. */
export interface Stats {
  items: number;
  /** Items posted on this wire in the 24 h before `now`. */
  last24h: number;
  /** Items posted on this wire in the 365 days before `now`. */
  last365d: number;
  /** Item count per section name (items without a section are not counted here). */
  sections: Record<string, number>;
  kinds: Record<string, number>;
}

/**
 * The store: the only place with SQL. One interface, one implementation per database
 * (SQLite now, PostgreSQL later). All methods may throw `PressroomError` with code
 * `PRESSROOM_E_DATABASE`.
 */
export interface Store {
  /** Create or upgrade the schema; idempotent. */
  migrate(): Promise<void>;
  /**
   * Store one document atomically (in one transaction): new identity → new item version 1;
   * same identity and same content hash → unchanged; same identity, other hash → new version.
   */
  upsert(input: ItemInput): Promise<UpsertResult>;
  /** The latest version of an item by public id, or null. */
  get(id: string): Promise<Item | null>;
  /** A specific version of an item, or null. */
  getVersion(id: string, version: number): Promise<Item | null>;
  /** Items newest-posted first, with cursor pagination. */
  list(q: ListQuery): Promise<ListPage>;
  /** Full-text search. Throws `PRESSROOM_E_BAD_QUERY` only when no best-effort search is possible. */
  search(q: SearchQuery): Promise<SearchResult>;
  /** Rolling counters relative to `now` (epoch ms, UTC). */
  stats(now: number): Promise<Stats>;
  /** Sections with counts, by name. */
  sections(): Promise<{ name: string; slug: string; count: number }[]>;
  /** Close connections. */
  close(): Promise<void>;
}
