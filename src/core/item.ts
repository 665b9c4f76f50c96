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
  /**
   * IPTC pubstatus of this version (issue 4): `usable`, or `canceled` for a withdrawn item
   * (its body is empty and `note` gives the reason). Absent means `usable`.
   */
  pubstatus?: Pubstatus;
  /** What changed in this version and why (a correction's note, a withdrawal's reason); null or absent when none. */
  note?: string | null;
  /** Who made this version (user name) when an editor did; null or absent for imports. */
  changedBy?: string | null;
  /**
   * Sanitised HTML body of this version (editor-submitted items), or null/absent: then
   * `body` (plain text) is what is shown. Always passed through the editorial sanitiser
   * before it is stored; safe to serve as is.
   */
  bodyHtml?: string | null;
  /**
   * Set only on an item that is still held (never on a public read): the embargo lift /
   * scheduled release time (epoch ms, UTC), or null for a withheld item; with `heldStatus`.
   */
  embargoed?: number | null;
  /** Set only on a held item: why it is held (see `store/editorial.ts`). */
  heldStatus?: "embargoed" | "scheduled" | "withheld";
}

/** IPTC ninjs pubstatus of a published item (withheld items are never public; see `store/editorial.ts`). */
export type Pubstatus = "usable" | "canceled";

/** A short form of an item for lists, feeds and search results. */
export type ItemSummary = Omit<Item, "body" | "transcript"> & { excerpt: string };

/** Result of storing one document. */
export interface UpsertResult {
  status: "imported" | "updated" | "unchanged";
  id: string;
  version: number;
}
