/**
 * Live briefings (issue 7): persistence of calls. Owner: briefing store work.
 * Interface and table shapes; the implementation is `sqlite-briefings.ts` (portable Kysely,
 * so it also runs on PostgreSQL).
 *
 * A briefing is its set-up, its command log (every accepted command with the time it was
 * applied) and a snapshot of the state machine's state (`src/briefing`), all written in one
 * write transaction per command, so a restart mid-call loses nothing.
 */
import type { Migration } from "kysely";
import type { ApplyResult, BriefingEvent, BriefingSetup, BriefingState, CallPhase, LogEntry } from "../briefing/index.js";
import type { DialectName } from "./migrations.js";
import { briefingPresenceMigrations } from "./briefing-presence.js";

/** Row shapes of this module's tables (migration `0011_briefings`), merged into the store's `Database` type. Times are epoch ms (UTC). */
export interface BriefingsTables {
  /** One row per briefing: its listing columns, set-up, and the state snapshot after the last accepted command. */
  briefings: {
    /** Public id, `b` + 10 characters of [a-z0-9]. */
    id: string;
    title: string;
    section: string | null;
    scheduled_start: number;
    /** {@link CallPhase} after the last accepted command. */
    phase: string;
    /** The checked set-up (`createBriefing`'s, `graceMs` filled in) as JSON. Holds officials' real names. */
    setup: string;
    /**
     * A snapshot of the state after `state_commands` accepted commands, as JSON, WITHOUT `log` and
     * `processed` (those are the rows of `briefing_events` and `briefing_log`), so a command never
     * rewrites an ever-growing log. Written every {@link SNAPSHOT_EVERY} commands and at phase changes;
     * the state after the last command is the snapshot with the later `briefing_log` rows replayed.
     */
    state: string;
    /** Number of accepted commands the `state` snapshot reflects (≤ `commands`). */
    state_commands: number;
    /** Last event number (`state.seq`). */
    seq: number;
    /** Number of accepted commands (= the last `briefing_log.seq`): the snapshot's version. */
    commands: number;
    /** `sha256$<salt hex>$<hex of sha256(salt:code)>` of the 8-digit access code. */
    access_hash: string;
    created_by: number | null;
    created_at: number;
    updated_at: number;
    /** Public id of the transcript item (published or held), or null. */
    item_id: string | null;
  };
  /** The accepted commands of each briefing, in the order applied (retries and refusals are not logged). */
  briefing_log: {
    briefing_id: string;
    /** 1, 2, ... per briefing. */
    seq: number;
    command_id: string;
    /** The command as parsed (`parseCommand`), JSON. */
    command: string;
    /** When it was applied. */
    now: number;
  };
  /** Journalists' participant tokens (issued by the API), hashed: one per participant, the latest replacing the earlier. */
  briefing_tokens: {
    briefing_id: string;
    participant_id: string;
    /** SHA-256 of the token, lower-case hex (the token itself is never stored). */
    token_hash: string;
    created_at: number;
  };
  /** Every event of each briefing, by `seq` (the `BriefingEvent` as JSON). */
  briefing_events: {
    briefing_id: string;
    seq: number;
    /** Number of the `briefing_log` row that caused it. */
    command_seq: number;
    event: string;
  };
}

/**
 * A new state snapshot is written after this many commands since the last one (and at every
 * phase change): a command writes its log row and events, not the whole state, and a cold
 * read replays at most this many commands on top of the snapshot.
 */
export const SNAPSHOT_EVERY = 64;

/** One briefing as listed (no real names: the set-up's officials are not here). */
export interface BriefingRecord {
  /** Public id, `b` + 10 characters of [a-z0-9]. */
  id: string;
  title: string;
  section: string | null;
  /** Epoch ms UTC. */
  scheduledStart: number;
  phase: CallPhase;
  /** Account id of the moderator who created it, or null (CLI). */
  createdBy: number | null;
  /** Epoch ms UTC. */
  createdAt: number;
  /** Public id of the transcript item once published (or held under embargo), else null. */
  itemId: string | null;
}

/** Persistence of live briefings; all times epoch ms UTC. */
export interface BriefingStore {
  /**
   * Store a new briefing (state from `createBriefing(setup)`) with a fresh per-briefing
   * access code (the dial-in PIN), returned once in clear; only its hash is kept.
   * @throws PressroomError `PRESSROOM_E_BAD_REQUEST` on a bad set-up.
   */
  create(setup: BriefingSetup, opts: { createdBy: number | null }): Promise<{ record: BriefingRecord; accessCode: string }>;
  get(id: string): Promise<BriefingRecord | null>;
  /**
   * Newest scheduled first.
   * @param opts.limit 1..1000, default 100. @throws PressroomError `PRESSROOM_E_BAD_REQUEST` for another limit.
   */
  list(opts?: { limit?: number }): Promise<BriefingRecord[]>;
  /**
   * The full state, `log` and `processed` included (rebuilt from the stored rows on a cold read),
   * exactly what replaying the stored command log gives. Holds officials' real names: never send
   * it to clients as it is (`viewFor`). Null for an unknown briefing.
   */
  state(id: string): Promise<BriefingState | null>;
  /** The set-up as created (holds real names). */
  setup(id: string): Promise<BriefingSetup | null>;
  /**
   * Load the state, `apply` the command at `now`, and persist the log entry, the events and
   * the new state, in one write transaction. Refusals and retries persist nothing; a retry
   * (same `commandId`, same command) returns the first result, also after a restart. The
   * returned state is the full state (as {@link state}); treat it as read-only. Cost: the
   * size of the state, not of the call (`processed`, the record of applied commands, is one
   * object per briefing that grows in place: an older state object sees later entries in it;
   * nothing but the store reads it).
   * @throws PressroomError `PRESSROOM_E_NOT_FOUND` for an unknown briefing, `PRESSROOM_E_DATABASE`.
   */
  apply(id: string, command: unknown, now: number): Promise<ApplyResult>;
  /**
   * Events with `seq > afterSeq`, in order (unfiltered: callers filter per viewer); all of them
   * unless `limit` (≥ 1) is given. Empty for an unknown briefing.
   */
  eventsAfter(id: string, afterSeq: number, limit?: number): Promise<BriefingEvent[]>;
  /** The accepted commands as `replay` takes them (`[{ command, now }]`, in order); empty for an unknown briefing. */
  log(id: string): Promise<LogEntry[]>;
  /**
   * True when `code` is this briefing's access code (8 digits; spaces and dashes ignored;
   * constant-time compare of hashes). False for an unknown briefing or a malformed code.
   */
  checkAccessCode(id: string, code: string): Promise<boolean>;
  /**
   * Keep a participant's token (its SHA-256, 64 lower-case hex characters), replacing the
   * participant's earlier one.
   * @throws PressroomError `PRESSROOM_E_BAD_REQUEST` for a malformed hash or participant id,
   *   `PRESSROOM_E_NOT_FOUND` for an unknown briefing, `PRESSROOM_E_CONFLICT` when the hash is another participant's.
   */
  saveParticipantToken(id: string, participant: string, tokenHash: string): Promise<void>;
  /** The participant whose token has this hash in briefing `id`, or null (also for a malformed hash). */
  participantForTokenHash(id: string, tokenHash: string): Promise<string | null>;
  /** Record the published transcript item. @throws PressroomError `PRESSROOM_E_NOT_FOUND`. */
  setItem(id: string, itemId: string): Promise<void>;
  /** Briefings not yet closed (for timers after a restart), soonest scheduled first. */
  running(): Promise<BriefingRecord[]>;
  /** Closed briefings whose transcript item is not recorded yet (publication interrupted by a restart), oldest first. */
  unpublished(): Promise<BriefingRecord[]>;
}

/**
 * Migrations of this module: `0011_briefings` (portable schema builder only: the same DDL runs
 * on SQLite and PostgreSQL). Append-only once shipped.
 */
export function briefingsMigrations(_dialect: DialectName): Record<string, Migration> {
  return {
    "0011_briefings": {
      async up(db) {
        await db.schema
          .createTable("briefings")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("title", "text", (c) => c.notNull())
          .addColumn("section", "text")
          .addColumn("scheduled_start", "bigint", (c) => c.notNull())
          .addColumn("phase", "text", (c) => c.notNull())
          .addColumn("setup", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("state_commands", "bigint", (c) => c.notNull())
          .addColumn("seq", "bigint", (c) => c.notNull())
          .addColumn("commands", "bigint", (c) => c.notNull())
          .addColumn("access_hash", "text", (c) => c.notNull())
          .addColumn("created_by", "bigint")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .addColumn("item_id", "text")
          .execute();
        await db.schema.createIndex("briefings_scheduled").on("briefings").columns(["scheduled_start desc", "id desc"]).execute();
        await db.schema.createIndex("briefings_phase").on("briefings").columns(["phase", "scheduled_start"]).execute();
        await db.schema
          .createTable("briefing_log")
          .addColumn("briefing_id", "text", (c) => c.notNull().references("briefings.id").onDelete("cascade"))
          .addColumn("seq", "bigint", (c) => c.notNull())
          .addColumn("command_id", "text", (c) => c.notNull())
          .addColumn("command", "text", (c) => c.notNull())
          .addColumn("now", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("briefing_log_pk", ["briefing_id", "seq"])
          .addUniqueConstraint("briefing_log_command", ["briefing_id", "command_id"])
          .execute();
        await db.schema
          .createTable("briefing_events")
          .addColumn("briefing_id", "text", (c) => c.notNull().references("briefings.id").onDelete("cascade"))
          .addColumn("seq", "bigint", (c) => c.notNull())
          .addColumn("command_seq", "bigint", (c) => c.notNull())
          .addColumn("event", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("briefing_events_pk", ["briefing_id", "seq"])
          .execute();
        await db.schema
          .createTable("briefing_tokens")
          .addColumn("briefing_id", "text", (c) => c.notNull().references("briefings.id").onDelete("cascade"))
          .addColumn("participant_id", "text", (c) => c.notNull())
          .addColumn("token_hash", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("briefing_tokens_pk", ["briefing_id", "participant_id"])
          .execute();
        await db.schema.createIndex("briefing_tokens_hash").on("briefing_tokens").column("token_hash").unique().execute();
      },
    },
    // presence across web processes (src/store/briefing-presence.ts)
    ...briefingPresenceMigrations(),
  };
}
