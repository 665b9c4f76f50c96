import type { Kind, Structure, GroundRules } from "./transcript-types.js";
import type { SourceRef } from "./document.js";

/**
 * What the importer hands the store: one analysed document.
 * `identity` is the source's own identity (guid, else canonical URL, else `sha256:` of
 * the normalised body); `contentHash` is the sha256 (hex) of the stored content, used to
 * tell "unchanged" from "a new version".
 */
export interface ItemInput {
  identity: string;
  contentHash: string;
  headline: string;
  section: string | null;
  kind: Kind;
  /** Source's publication time: ISO 8601 as stated (offset kept), or a date alone, or null. */
  published: string | null;
  dateline: string | null;
  source: SourceRef;
  /** Plain-text body, paragraphs joined by `\n\n` (for a transcript: the preamble and turns as text). */
  body: string;
  /** Transcript structure for transcripts; null for other kinds. */
  transcript: Structure | null;
  groundRules: GroundRules;
}

/** One stored item (latest version). Times are epoch milliseconds, UTC. */
export interface Item extends ItemInput {
  /** Our stable public id (URL-safe), derived once from `identity` and never changed. */
  id: string;
  /** Version number, 1 for the first. */
  version: number;
  /** When this wire first posted the item (epoch ms, UTC). Drives counters and "latest". */
  postedAt: number;
  /** When the latest version was stored (epoch ms, UTC). */
  updatedAt: number;
  /**
   * Source publication time as epoch ms (UTC) for sorting/filtering, derived from
   * `published` (a date alone counts as 00:00 UTC); null when the source states none.
   */
  publishedAt: number | null;
}

/** A short form of an item for lists, feeds and search results. */
export type ItemSummary = Omit<Item, "body" | "transcript"> & { excerpt: string };

/** Result of storing one document. */
export interface UpsertResult {
  status: "imported" | "updated" | "unchanged";
  id: string;
  version: number;
}
