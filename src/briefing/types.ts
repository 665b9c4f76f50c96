/**
 * The live briefing's model (issue 7): the set-up a moderator writes, the call and queue
 * state an operator runs, the turns a stenographer types, and the commands and events that
 * move it. Everything here is plain JSON (no Map, no Date, no class), so a state can be
 * stored as one JSON column, sent to a client, and rebuilt by replaying its command log.
 *
 * Times are epoch milliseconds, UTC. Durations are milliseconds.
 */
import type { Basis, EventType } from "../core/transcript-types.js";

/** Phases of a call: `scheduled` → `open` → `last_question` → `closed` (closed is final). */
export type CallPhase = "scheduled" | "open" | "last_question" | "closed";

/** Every phase, in the order a call goes through them. */
export const CALL_PHASES: readonly CallPhase[] = ["scheduled", "open", "last_question", "closed"];

/**
 * Who sends a command. `system` is the transport (the WebSocket server or a telephone
 * bridge) reporting a lost connection; the others are people in the call.
 */
export type ActorRole = "moderator" | "operator" | "stenographer" | "journalist" | "system";

/** The sender of a command: an id (a participant id for journalists) and the role it acts in. */
export interface Actor {
  id: string;
  role: ActorRole;
}

/**
 * When the call's content may be seen outside the call: at its end, at a given instant
 * (`until`, epoch ms UTC), or at once (null).
 */
export type Embargo = "end_of_call" | { until: number } | null;

/** The ground rules a briefing is given on (set by the moderator before the call). */
export interface BriefingGroundRules {
  /** `on_the_record`, `on_background`, `deep_background`, `off_the_record`, or null when not said. */
  basis: Basis | null;
  /** The attribution reporters must use, e.g. `Senior State Department Official`. */
  attribute_to: string | null;
  embargo: Embargo;
}

/** A briefer. On background their real name is private: only `label` is ever shown. */
export interface Official {
  /** Participant id, unique in the briefing. */
  id: string;
  /** The official's real name: kept in the state, never in a transcript or effect on background. */
  realName: string;
  /** Speaker label used on background, upper case, e.g. `SENIOR STATE DEPARTMENT OFFICIAL ONE`. */
  label: string;
  /**
   * How the official is named in running text when the stenographer types the real name on
   * background. Default: `label` in title case (`Senior State Department Official One`).
   */
  attribution?: string;
}

/** What the moderator creates before the call. */
export interface BriefingSetup {
  title: string;
  /** Issuing office or desk (spec `section`), or null. */
  section: string | null;
  /** Scheduled start, epoch ms UTC. */
  scheduledStart: number;
  groundRules: BriefingGroundRules;
  officials: Official[];
  /** Participant ids of the moderator, the operator and the stenographer. */
  moderatorId: string;
  operatorId: string;
  stenographerId: string;
  /**
   * How long a journalist whose connection dropped keeps their place in the queue, in ms.
   * Default {@link DEFAULT_GRACE_MS}.
   */
  graceMs?: number;
  /** Place the briefing is given from, as printed (spec `dateline`), or null. */
  dateline?: string | null;
  /**
   * Who may follow the live transcript read-only (issue 7: "public, or readers only, per the
   * ground rules"): `public` (anyone, the default) or `readers` (signed-in accounts). Either way
   * nobody outside the call sees anything while the embargo holds.
   */
  listeners?: "public" | "readers";
}

/** Grace period for a dropped connection when the set-up gives none: two minutes. */
export const DEFAULT_GRACE_MS = 120_000;

/** A journalist in the call (joined with a name and an outlet). */
export interface Journalist {
  /** Participant id (the actor id they join with). */
  id: string;
  name: string;
  /** Outlet as given, or null when the journalist gave none. */
  outlet: string | null;
  joinedAt: number;
  /** Muted by the operator. */
  muted: boolean;
  /** Removed by the operator: out of the queue and unable to raise a hand again. */
  removed: boolean;
}

/** One raised hand. The queue is kept in order; `position` is 1-based and always equals index + 1. */
export interface QueueEntry {
  participant: string;
  /** When the hand went up (or came back up after a lost place), epoch ms UTC. */
  raisedAt: number;
  position: number;
}

/** A journalist's connection: connected, or dropped at `droppedAt` with their place kept until `graceUntil`. */
export type Connection =
  | { status: "connected"; since: number }
  | { status: "dropped"; droppedAt: number; graceUntil: number; /** they were in the queue when they dropped */ hadHand: boolean };

/** A line the operator opened: who was given the floor, when, and the operator's introduction turn. */
export interface Line {
  participant: string;
  openedAt: number;
  /** Index in {@link BriefingState.turns} of the operator's introduction. */
  introTurn: number;
}

/** One turn of the live transcript. */
export interface CallTurn {
  /** 0-based position in `turns`. */
  index: number;
  /** Participant id of the speaker. */
  speaker: string;
  /** Text as stored: on background, an official's real name already replaced by the attribution. */
  text: string;
  /** When it was typed, epoch ms UTC. */
  at: number;
  /** `operator_intro` for the introduction the system writes when a line opens; `stenographer` otherwise. */
  source: "stenographer" | "operator_intro";
  /** Stage directions printed in the text, in order (`(inaudible)` → `inaudible`). */
  directions: EventType[];
}

/**
 * Something on the record that is not speech and not inside a turn's text: a dropped or
 * returning caller, or a stage direction typed on its own. `afterTurns` is how many turns
 * existed when it happened; the transcript places it at turn `afterTurns - 1` (or 0).
 */
export interface CallMark {
  type: EventType;
  participant: string | null;
  afterTurns: number;
  at: number;
}

/** Warning codes an effect can carry. */
export type WarningCode = "real_name_replaced";

/**
 * What a command did, in order, numbered per briefing by `seq` (1, 2, ...). Clients that
 * reconnect ask for the events after the last `seq` they saw. No event ever carries an
 * official's real name on background.
 */
export type BriefingEvent = { seq: number; at: number; commandId: string } & (
  | { type: "call_opened" }
  | { type: "journalist_joined"; participant: string; name: string; outlet: string | null }
  | { type: "hand_raised"; participant: string; position: number; reason: "raised" | "rejoined_after_grace" }
  | { type: "hand_withdrawn"; participant: string }
  | { type: "connection_dropped"; participant: string; graceUntil: number }
  | { type: "connection_restored"; participant: string; placeKept: boolean }
  | { type: "place_lost"; participant: string }
  | { type: "line_opened"; participant: string; introTurn: number }
  | { type: "queue_changed"; queue: QueueEntry[] }
  | { type: "participant_removed"; participant: string }
  | { type: "participant_muted"; participant: string; muted: boolean }
  | { type: "last_question" }
  | { type: "call_closed" }
  | { type: "turn_added"; turn: CallTurn }
  | { type: "turn_edited"; turn: CallTurn }
  | { type: "turn_retracted"; index: number }
  | { type: "stage_direction"; direction: EventType; participant: string | null; turn: number | null }
  | { type: "warning"; code: WarningCode; official: string; label: string; turn: number }
);

/** The type names of {@link BriefingEvent}. */
export type BriefingEventType = BriefingEvent["type"];

/** Record of a command already applied, so a retry returns the same result. */
export interface Processed {
  /** Canonical JSON of the command without its `commandId`: a reused id with another body is refused. */
  fingerprint: string;
  effects: BriefingEvent[];
}

/** The whole state of one briefing. Plain JSON; never mutated by {@link apply} (a new state is returned). */
export interface BriefingState {
  /** Format version of this object, for the store. */
  version: 1;
  setup: BriefingSetup;
  phase: CallPhase;
  /** Last event number handed out (0 before any). */
  seq: number;
  openedAt: number | null;
  closedAt: number | null;
  /** Journalists in join order. */
  journalists: Journalist[];
  /** Raised hands in serving order. */
  queue: QueueEntry[];
  /** Connection per journalist id. */
  connections: Record<string, Connection>;
  /** Participant id whose line is open, or null. */
  current: string | null;
  lines: Line[];
  turns: CallTurn[];
  marks: CallMark[];
  /** Every event so far, in `seq` order. */
  log: BriefingEvent[];
  /** Applied commands by `commandId`. */
  processed: Record<string, Processed>;
}

/** Commands, without the envelope (`commandId`, `actor`). */
export type CommandBody =
  | { type: "open" }
  | { type: "join"; name: string; outlet: string | null }
  | { type: "raise_hand" }
  | { type: "withdraw_hand" }
  /** Connection lost. From the journalist's own client, or from `system` naming the participant. */
  | { type: "drop"; participant?: string }
  | { type: "rejoin" }
  /** System: nothing but the clock moving on; ends grace periods that ran out (a timer sends it). */
  | { type: "tick" }
  /** Operator: give the floor to `participant`, or to the first connected hand in the queue. */
  | { type: "open_line"; participant?: string }
  /** Operator: move `participant` to 1-based `position`. */
  | { type: "reorder"; participant: string; position: number }
  /** Operator: pass over `participant` (default: the head of the queue); their hand goes to the back. */
  | { type: "skip"; participant?: string }
  /** Operator: take `participant` out of the queue and the floor for the rest of the call. */
  | { type: "remove"; participant: string }
  | { type: "mute"; participant: string; muted: boolean }
  | { type: "last_question" }
  | { type: "close" }
  /** Stenographer: a turn under `speaker`; a text of stage directions alone becomes events only. */
  | { type: "add_turn"; speaker: string; text: string }
  /** Stenographer: replace the text of the last turn, when they typed it. */
  | { type: "edit_last_turn"; text: string }
  /** Stenographer: take back the last turn, when they typed it. */
  | { type: "retract_last_turn" };

/** A command as sent by a client. `commandId` is chosen by the client and makes retries safe. */
export type Command = { commandId: string; actor: Actor } & CommandBody;

/** Command type names. */
export type CommandType = CommandBody["type"];
