/**
 * Near-duplicate signatures and stories grouping the same release from several sources
 * (issue 6). Owner: dedupe work. Interface and table shapes; the SQLite implementation is
 * `sqlite-dedupe.ts`; the decisions (fingerprints, the same-release rule) are pure, in
 * `src/dedupe/`, and the task that drives them is `src/dedupe/process.ts`.
 *
 * Only public items are ever processed: held items (embargoed, scheduled, withheld) live in
 * `held_items` and never appear in `items` until released; withdrawn items (pubstatus
 * `canceled`) lose their signature and are left out of every story listing.
 * Times are epoch milliseconds (UTC).
 */
import type { Kysely, Migration } from "kysely";
import type { DialectName } from "./migrations.js";

/** Row shapes of this module's tables, merged into the store's `Database` type. */
export interface DedupeTables {
  /** One row per processed item (latest version): its MinHash signature, or null when too short or withdrawn. */
  dedupe_signatures: {
    item_seq: number;
    /** The item version the row was computed from. */
    version: number;
    /** `PERMUTATIONS` × 8 hex digits (see `encodeSignature`), or null. */
    signature: string | null;
    /** Words after normalisation. */
    tokens: number;
    /** Distinct shingles. */
    shingles: number;
    computed_at: number;
  };
  /** The LSH band index: one row per band of each signature; candidates share (band, band_hash). */
  dedupe_bands: { band: number; band_hash: string; item_seq: number };
  /** A story: the same release from two or more sources. */
  stories: {
    /** Public story id (`st-` + 16 hex digits), fixed when the story is created. */
    id: string;
    /** The member posted first on this wire. */
    canonical_item_seq: number;
    created_at: number;
    updated_at: number;
  };
  /** Story membership: an item belongs to at most one story. */
  story_items: {
    item_seq: number;
    story_id: string;
    /** Estimated Jaccard similarity to the member it was matched with (1 for the story's first item). */
    similarity: number;
    joined_at: number;
  };
  /** Progress cursors of the `dedupe` task: `item_seq` (last items.seq seen), `updated_at` (last items.updated_at seen). */
  dedupe_state: { name: string; value: number };
}

/** An item the `dedupe` task has yet to (re)process: a new public item, or one with a new version. */
export interface PendingItem {
  seq: number;
  /** Public item id. */
  id: string;
  version: number;
  /** Plain-text body of the latest version. */
  body: string;
  /** `usable` | `canceled`. */
  pubstatus: string;
  /** The source's name and URL as stored (for the same-source rule), or null. */
  sourceName: string | null;
  sourceUrl: string | null;
  postedAt: number;
  updatedAt: number;
}

/** A candidate found through the band index, with its stored signature. */
export interface Candidate {
  seq: number;
  id: string;
  /** Signature text (see `decodeSignature`). */
  signature: string;
  /** Distinct shingles of the candidate's body. */
  shingles: number;
  /** The candidate's source name and URL as stored, or null. */
  sourceName: string | null;
  sourceUrl: string | null;
  /** Number of bands shared with the probe (more bands: likely more similar). */
  bands: number;
}

/** What the task decided for one pending item; stored atomically by {@link DedupeStore.record}. */
export interface DedupeRecord {
  item: PendingItem;
  /** The fingerprint, or null (too short, or withdrawn): the item then has no band rows. */
  fingerprint: { signature: string; bands: string[]; tokens: number; shingles: number } | null;
  /** The best matching item (same release), or null. Ignored when the item is already in a story. */
  match: { seq: number; similarity: number } | null;
}

/** One member of a story, as the item page and the API show it. */
export interface StoryMember {
  /** Public item id. */
  id: string;
  headline: string;
  /** The source's name as stored (`source_name`), or null. */
  sourceName: string | null;
  /** The source's URL, or null. */
  sourceUrl: string | null;
  /** When this wire first posted the item (epoch ms, UTC). */
  postedAt: number;
  /** Source publication time (epoch ms, UTC), or null. */
  publishedAt: number | null;
  /** Estimated Jaccard similarity recorded when the item joined (0..1). */
  similarity: number;
}

/** A story: the public members of one release, earliest posted first. */
export interface Story {
  id: string;
  /** Public id of the member posted first on this wire (the canonical item). */
  canonicalId: string;
  /** Public (usable) members, earliest posted first; always at least one. */
  items: StoryMember[];
}

/** Result of one {@link DedupeStore.record} call. */
export interface RecordResult {
  /** The story the item is in after the call, or null. */
  storyId: string | null;
  /** True when this call created the story. */
  created: boolean;
}

/** Near-duplicate signatures and stories (issue 6). All methods may throw `PRESSROOM_E_DATABASE`. */
export interface DedupeStore {
  /**
   * Up to `limit` (1..1000) items to process, in order: public items with `seq` above the
   * item cursor, then items whose latest version is newer than their stored signature.
   * Each carries its latest version's body.
   */
  pending(limit: number): Promise<PendingItem[]>;
  /**
   * Items sharing at least one band key with `bands` (key i is band i), other than `exceptSeq`,
   * that are public (`usable`) and have a signature; most shared bands first, at most `limit`.
   */
  candidates(bands: readonly string[], exceptSeq: number, limit: number): Promise<Candidate[]>;
  /**
   * Store one decision in one transaction: the signature row and band rows (replacing the
   * item's old ones), story membership (join the match's story, or create a story of the
   * two with the earlier posted as canonical), and advance the cursors past the item.
   */
  record(r: DedupeRecord): Promise<RecordResult>;
  /** The story of an item (by public id) with its public members, or null when it is in none or only it is left. */
  storyOf(itemId: string): Promise<Story | null>;
  /** A story by id with its public members, or null when it has fewer than two (or does not exist). */
  storyById(storyId: string): Promise<Story | null>;
  /** Story id per item id for the given public item ids (items in no story are absent). At most 1000 ids. */
  storyIds(itemIds: readonly string[]): Promise<Map<string, string>>;
  /** The task's cursors (0 before the first run). */
  cursors(): Promise<{ itemSeq: number; updatedAt: number }>;
}

/**
 * This module's migrations, named `0010_...`, merged into the one list in `migrations.ts`.
 * Plain tables and b-tree indexes only, so the band lookup is the same SQL on SQLite and
 * PostgreSQL. Append-only once shipped.
 */
export function dedupeMigrations(_dialect: DialectName): Record<string, Migration> {
  return {
    "0010_dedupe": {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("dedupe_signatures")
          .addColumn("item_seq", "bigint", (c) => c.primaryKey().references("items.seq").onDelete("cascade"))
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("signature", "text")
          .addColumn("tokens", "integer", (c) => c.notNull())
          .addColumn("shingles", "integer", (c) => c.notNull())
          .addColumn("computed_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("dedupe_bands")
          .addColumn("band", "integer", (c) => c.notNull())
          .addColumn("band_hash", "text", (c) => c.notNull())
          .addColumn("item_seq", "bigint", (c) => c.notNull().references("items.seq").onDelete("cascade"))
          .addPrimaryKeyConstraint("dedupe_bands_pk", ["band", "band_hash", "item_seq"])
          .execute();
        await db.schema.createIndex("dedupe_bands_item").on("dedupe_bands").column("item_seq").execute();
        await db.schema
          .createTable("stories")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("canonical_item_seq", "bigint", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("story_items")
          .addColumn("item_seq", "bigint", (c) => c.primaryKey().references("items.seq").onDelete("cascade"))
          .addColumn("story_id", "text", (c) => c.notNull().references("stories.id"))
          .addColumn("similarity", "real", (c) => c.notNull())
          .addColumn("joined_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("story_items_story").on("story_items").column("story_id").execute();
        // The task's scan for items with a new version reads items by update time: keep it a range scan.
        await db.schema.createIndex("dedupe_items_updated_at").on("items").column("updated_at").execute();
        await db.schema
          .createTable("dedupe_state")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("value", "bigint", (c) => c.notNull())
          .execute();
      },
    },
  };
}
