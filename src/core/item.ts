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
  /**
   * Editorial flags raised before publication, e.g. `leaked_background_name` (a background
   * briefer's name was withheld from the served text). Absent or empty when none.
   */
  flags?: string[];
  /**
   * The unedited body and transcript, kept for the record when publication edited them
   * (see `publish/redact.ts`). Stored apart from the served columns and never served.
   */
  original?: { body: string; transcript: Structure | null } | null;
}

/** One stored item (latest version). Times are epoch milliseconds, UTC. */
export interface Item extends Omit<ItemInput, "original" | "flags"> {
  /** Editorial flags (see {@link ItemInput.flags}); empty when none. */
  flags: string[];
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
