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
import type { ApplyResult, BriefingEvent, BriefingSetup, BriefingState, CallPhase } from "../briefing/index.js";
import type { DialectName } from "./migrations.js";

/** Row shapes of this module's tables, merged into the store's `Database` type. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface BriefingsTables {}

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
  /** Newest scheduled first. */
  list(opts?: { limit?: number }): Promise<BriefingRecord[]>;
  /** The full state (holds officials' real names: never send it to clients as it is). */
  state(id: string): Promise<BriefingState | null>;
  /** The set-up as created (holds real names). */
  setup(id: string): Promise<BriefingSetup | null>;
  /**
   * Load the state, `apply` the command at `now`, and persist the log entry, the events and
   * the new state, in one write transaction. Refusals persist nothing.
   * @throws PressroomError `PRESSROOM_E_NOT_FOUND` for an unknown briefing.
   */
  apply(id: string, command: unknown, now: number): Promise<ApplyResult>;
  /** Events with `seq > afterSeq`, in order (unfiltered: callers filter per viewer). */
  eventsAfter(id: string, afterSeq: number, limit?: number): Promise<BriefingEvent[]>;
  /** True when `code` is this briefing's access code (constant-time compare of hashes). */
  checkAccessCode(id: string, code: string): Promise<boolean>;
  /** Record the published transcript item. */
  setItem(id: string, itemId: string): Promise<void>;
  /** Briefings not yet closed (for timers after a restart). */
  running(): Promise<BriefingRecord[]>;
}

/** Migrations of this module (`0011_briefings`). */
export function briefingsMigrations(_dialect: DialectName): Record<string, Migration> {
  return {};
}
