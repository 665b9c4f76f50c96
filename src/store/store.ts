import type { Item, ItemInput, ItemSummary, UpsertResult } from "../core/item.js";
import type { Kind } from "../core/transcript-types.js";
import type { AccountStore } from "./accounts.js";
import type { EditorialStore } from "./editorial.js";
import type { AlertStore } from "./alerts.js";
import type { SourceStore } from "./sources.js";
import type { ItemSubject, TopicStore } from "./topics.js";
import type { DedupeStore } from "./dedupe.js";
import type { ArchiveStore } from "./archive.js";
import type { BriefingStore } from "./briefings.js";

/** Filters shared by lists, feeds and search. Times are epoch ms (UTC), inclusive. */
export interface ItemFilter {
  /** Section name or slug (see {@link Store.sections}); an unknown section matches nothing. */
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
  /**
   * With scope `questions`/`answers` only: the questioner's name, matched case-insensitively
   * with white space collapsed (exact name, not a substring).
   */
  questioner?: string;
  /** With scope `questions`/`answers` only: the questioner's outlet (affiliation), matched like `questioner`. */
  outlet?: string;
}

export interface SearchHit {
  item: ItemSummary;
  /** Snippet with matches wrapped in `<mark>`…`</mark>`; all other text is HTML-escaped. */
  snippet: string;
  /** Engine score, higher is better (BM25 negated on SQLite); 0 when sorted by date. */
  score: number;
  /** With scope `questions`/`answers`: the exchange that matched. */
  question?: QuestionTurn;
}

export interface SearchResult {
  /** Number of matches; a lower bound when `totalCapped` is true. */
  total: number;
  /**
   * True when counting stopped at the engine's cap (10,000 on SQLite): show "10,000+".
   * Absent or false when `total` is exact.
   */
  totalCapped?: boolean;
  hits: SearchHit[];
  /** Set when the query had syntax the engine rejected and a best-effort search ran instead. */
  notice?: string;
}

/** One question-and-answer exchange of a stored transcript (latest version of the item). */
export interface QuestionTurn {
  /** Public id of the item the exchange belongs to. */
  itemId: string;
  headline: string;
  /** The item's first posting time on this wire (epoch ms, UTC). */
  postedAt: number;
  /** The item's source publication time (epoch ms, UTC), or null. */
  publishedAt: number | null;
  /** 0-based position in the transcript's `exchanges`. */
  exchange: number;
  /** Questioner's name as the transcript gives it (else the printed label), or null. */
  questioner: string | null;
  /** Questioner's outlet/affiliation, or null. */
  outlet: string | null;
  /** Text of the question turns, joined by `\n\n`. */
  question: string;
  /** Text of the answer turns, joined by `\n\n` (empty when unanswered). */
  answer: string;
  /** Whether the transcript marks this exchange as a follow-up. */
  followUp: boolean;
}

/** Request for {@link Store.questions}; all filters combine with AND. */
export interface QuestionQuery {
  /** Exact questioner name, case-insensitive, white space collapsed. */
  questioner?: string;
  /** Exact outlet name, case-insensitive, white space collapsed. */
  outlet?: string;
  /** Words in the search query language, matched against question and answer text. */
  q?: string;
  /** 1..100, default 20. */
  limit?: number;
  /** 0-based, default 0. */
  offset?: number;
}

export interface QuestionPage {
  /** Newest posted first (or by relevance when `q` is given). */
  questions: QuestionTurn[];
  /** Number of matching exchanges (a lower bound when `totalCapped`). */
  total: number;
  totalCapped?: boolean;
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

/** What {@link Store.itemPage} reads. */
export interface ItemPageRead {
  item: Item;
  subjects: ItemSubject[];
  /** The item's story (a group of near-duplicates), or null. */
  storyId: string | null;
}

/**
 * The store: the only place with SQL. One interface, one Kysely implementation
 * (`KyselyStore`) for SQLite (`openSqliteStore`) and PostgreSQL (`openPostgresStore`);
 * `store/open.ts` picks one from the configuration. All methods may throw `PressroomError`
 * with code `PRESSROOM_E_DATABASE`.
 */
export interface Store {
  /** Users, sessions, API tokens and the audit log (issue 4). */
  readonly accounts: AccountStore;
  /** Held items (embargoed, scheduled, withheld), corrections and withdrawals (issue 4). */
  readonly editorial: EditorialStore;
  /** Saved searches and webhook alerts (issue 4). */
  readonly alerts: AlertStore;
  /** Ingest sources and their polling state (issue 6). */
  readonly sources: SourceStore;
  /** IPTC Media Topics and item subjects (issue 6). */
  readonly topics: TopicStore;
  /** Near-duplicate detection and stories (issue 6). */
  readonly dedupe: DedupeStore;
  /** Whole-archive reads and restores for export / import-archive (issue 5). */
  readonly archive: ArchiveStore;
  /** Live briefings: set-up, command log and state of each call (issue 7). */
  readonly briefings: BriefingStore;
  /** Create or upgrade the schema; idempotent. */
  migrate(): Promise<void>;
  /**
   * Store one document atomically (in one transaction): new identity → new item version 1;
   * same identity and same content hash → unchanged; same identity, other hash → new version.
   */
  upsert(input: ItemInput): Promise<UpsertResult>;
  /** The latest version of an item by public id, or null. */
  get(id: string): Promise<Item | null>;
  /**
   * The latest version of an item with what its page shows beside it, read in one statement
   * (an item page's only round trip to the database unless the item is in a story): its
   * subjects (as `topics.subjectsOf` orders them) and the id of its story (null: in none;
   * the story itself from `dedupe.storyById`). Null when there is no such item (as `get`).
   */
  itemPage?(id: string): Promise<ItemPageRead | null>;
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
  /**
   * Transcript exchanges (questioner and outlet pages), newest posted first; with `q`, by
   * relevance. Throws `PRESSROOM_E_BAD_QUERY` for an unusable `q`, `PRESSROOM_E_BAD_REQUEST`
   * for a bad limit/offset.
   */
  questions(q: QuestionQuery): Promise<QuestionPage>;
  /** Distinct questioners with their outlet and number of questions, most questions first. */
  questioners(opts?: { outlet?: string; limit?: number }): Promise<{ name: string; outlet: string | null; count: number }[]>;
  /** Distinct outlets with their number of questions, most questions first. */
  outlets(opts?: { limit?: number }): Promise<{ name: string; count: number }[]>;
  /**
   * Every item (latest version) matching `filter`, newest posted first, read in pages so
   * memory stays flat: for feeds and sitemaps.
   */
  listAll(filter?: ItemFilter): AsyncIterable<ItemSummary>;
  /**
   * An opaque token that changes whenever stored data may have changed (a write committed
   * by this store or by another connection to the same database). Cheap: for caches.
   */
  changeToken?(): Promise<string>;
  /** Close connections. */
  close(): Promise<void>;
}
