/**
 * IPTC Media Topics vocabulary and item subjects (issue 6). Owner: topics work.
 * Interface and table shapes; the SQLite implementation is `sqlite-topics.ts`.
 *
 * Subjects are assigned to public items only (the `items` table: held and embargoed items
 * are never there), after they are stored, by the `classify` background task or by
 * `pressroom topics classify`; the item write path does not know about topics. An item
 * keeps its source section; subjects are in addition to it.
 */
import type { Migration } from "kysely";
import type { ListPage } from "./store.js";
import type { SchemeInfo } from "../topics/vocab.js";
import type { DialectName } from "./migrations.js";

/** Row shapes of this module's tables, merged into the store's `Database` type. */
export interface TopicsTables {
  /** The loaded Media Topics vocabulary (migration `0009_topics`), one row per concept. */
  topics: {
    /** `medtop:NNNNNNNN`. */
    qcode: string;
    uri: string;
    /** English preferred label as the IPTC writes it. */
    label: string;
    definition: string | null;
    /** qcode of the broader concept; null at level 1. */
    broader: string | null;
    level: number;
    /** Retirement date as stated by the vocabulary, or null. */
    retired: string | null;
    /** Release (`dateReleased`) of the vocabulary file this row was last loaded from. */
    vocab_version: string;
  };
  /**
   * Subjects of an item (latest version). `direct` = 1 for subjects the classifier chose,
   * 0 for their broader concepts (so a level-1 topic page also lists items filed under a
   * narrower topic).
   */
  item_topics: {
    item_seq: number;
    qcode: string;
    /** Classifier score (rule points; higher is surer); the direct subject's score for broader rows. */
    score: number;
    direct: number;
    /** What assigned it: `rules:<version>`. */
    assigned_by: string;
    assigned_at: number;
  };
  /** Which version of each item was classified, and when: items not here (or at an older version) are pending. */
  item_topic_runs: { item_seq: number; version: number; classified_at: number };
  /** One row (`id` = 1): the loaded vocabulary's identity and terms, and the last classification run. */
  topic_state: {
    id: number;
    scheme_uri: string;
    released: string | null;
    copyright_holder: string | null;
    licence: string | null;
    loaded_at: number;
    concepts: number;
  };
}

/** One Media Topic concept, as loaded from the vocabulary file and as served. */
export interface Topic {
  /** `medtop:` and the code, usually eight digits, e.g. `medtop:11000000`. */
  qcode: string;
  /** The concept URI, e.g. `http://cv.iptc.org/newscodes/mediatopic/11000000`. */
  uri: string;
  /** English preferred label (en-GB, else en-US, else en), as the IPTC writes it. */
  label: string;
  /** English definition, or null when the file has none. */
  definition: string | null;
  /** qcode of the broader concept, or null for one of the top-level topics. */
  broader: string | null;
  /** 1 for a top-level topic, 2 for its narrower concepts, and so on (up to 5 in Media Topics). */
  level: number;
  /** Retirement date as the file states it (ISO 8601), or null for a current concept. */
  retired: string | null;
}

/** A subject of an item: the topic, how sure the classifier was, and whether it was chosen directly. */
export interface ItemSubject extends Topic {
  score: number;
  /** True for a subject the classifier chose; false for a broader topic implied by one. */
  direct: boolean;
  assignedBy: string;
}

/** What a loaded vocabulary says about itself (null before `pressroom topics load`). */
export interface VocabularyInfo extends SchemeInfo {
  /** When it was loaded (epoch ms, UTC). */
  loadedAt: number;
  concepts: number;
}

/** Result of {@link TopicStore.load}. */
export interface LoadResult {
  /** Concepts new to the store. */
  added: number;
  /** Concepts already there (label, definition, broader, retirement refreshed). */
  updated: number;
  /** Concepts in the file marked retired. */
  retired: number;
  /** Concepts in the file. */
  total: number;
}

/** An item waiting for classification: its latest version's text. */
export interface PendingItem {
  seq: number;
  id: string;
  version: number;
  headline: string;
  section: string | null;
  body: string;
}

/** A subject chosen by the classifier, to store. */
export interface SubjectInput {
  qcode: string;
  score: number;
  assignedBy: string;
}

/** IPTC Media Topics vocabulary and item subjects (issue 6). All methods may throw `PRESSROOM_E_DATABASE`. */
export interface TopicStore {
  /**
   * Upsert every concept of a checked vocabulary (by qcode) and record the scheme's
   * identity and terms, in one transaction. Concepts absent from the file are kept (items
   * may use them). Throws `PRESSROOM_E_BAD_REQUEST` for an empty concept list.
   */
  load(scheme: SchemeInfo, concepts: Topic[]): Promise<LoadResult>;
  /** The loaded vocabulary's identity and terms, or null when none was loaded. */
  vocabulary(): Promise<VocabularyInfo | null>;
  /** One topic by qcode, or null. */
  topic(qcode: string): Promise<Topic | null>;
  /** Every loaded topic (retired ones only with `includeRetired`), by level then qcode. */
  list(opts?: { includeRetired?: boolean }): Promise<Topic[]>;
  /** Topics that public items have (directly or as a broader topic), with item counts, most items first. */
  inUse(): Promise<(Topic & { count: number })[]>;
  /**
   * Public items whose latest version has not been classified, oldest first.
   * @param limit 1..1000
   */
  pending(limit: number): Promise<PendingItem[]>;
  /** Number of public items waiting for classification. */
  pendingCount(): Promise<number>;
  /** Forget which items were classified (their subjects stay until re-classified): `topics classify --all`. */
  resetRuns(): Promise<void>;
  /**
   * Replace the subjects of one item (with the broader topics of each, `direct` = 0) and
   * record that `version` was classified, in one transaction. Does nothing and returns false
   * when the item is gone or has moved past `version` (it is classified again later).
   * Unknown qcodes are skipped.
   */
  saveSubjects(seq: number, version: number, subjects: SubjectInput[]): Promise<boolean>;
  /** Subjects of an item by public id, direct ones first (by score), then broader ones. Empty when none or no such item. */
  subjectsOf(itemId: string): Promise<ItemSubject[]>;
  /** {@link subjectsOf} for many items at once (ids without subjects are absent from the map). */
  subjectsOfMany(itemIds: string[]): Promise<Map<string, ItemSubject[]>>;
  /**
   * Public items that have `qcode` (directly or as a broader topic), newest posted first,
   * with cursor pagination like `Store.list`. Throws `PRESSROOM_E_BAD_REQUEST` for a bad
   * cursor or limit (1..100).
   */
  items(qcode: string, q: { limit?: number; cursor?: string }): Promise<ListPage>;
  /** Number of public items that have `qcode` (directly or as a broader topic). */
  count(qcode: string): Promise<number>;
}

/**
 * This module's migrations, named `0009_...`, merged into the one list in `migrations.ts`.
 * Append-only once shipped.
 */
export function topicsMigrations(_dialect: DialectName): Record<string, Migration> {
  return {
    "0009_topics": {
      async up(db) {
        await db.schema
          .createTable("topics")
          .addColumn("qcode", "text", (c) => c.primaryKey())
          .addColumn("uri", "text", (c) => c.notNull())
          .addColumn("label", "text", (c) => c.notNull())
          .addColumn("definition", "text")
          .addColumn("broader", "text")
          .addColumn("level", "integer", (c) => c.notNull())
          .addColumn("retired", "text")
          .addColumn("vocab_version", "text", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("item_topics")
          .addColumn("item_seq", "bigint", (c) => c.notNull().references("items.seq").onDelete("cascade"))
          .addColumn("qcode", "text", (c) => c.notNull().references("topics.qcode"))
          .addColumn("score", "real", (c) => c.notNull())
          .addColumn("direct", "integer", (c) => c.notNull())
          .addColumn("assigned_by", "text", (c) => c.notNull())
          .addColumn("assigned_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("item_topics_pk", ["item_seq", "qcode"])
          .execute();
        await db.schema.createIndex("item_topics_qcode").on("item_topics").columns(["qcode", "item_seq"]).execute();
        await db.schema
          .createTable("item_topic_runs")
          .addColumn("item_seq", "bigint", (c) => c.primaryKey().references("items.seq").onDelete("cascade"))
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("classified_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("topic_state")
          .addColumn("id", "integer", (c) => c.primaryKey())
          .addColumn("scheme_uri", "text", (c) => c.notNull())
          .addColumn("released", "text")
          .addColumn("copyright_holder", "text")
          .addColumn("licence", "text")
          .addColumn("loaded_at", "bigint", (c) => c.notNull())
          .addColumn("concepts", "integer", (c) => c.notNull())
          .execute();
      },
    },
  };
}
