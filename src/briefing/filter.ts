/**
 * What each viewer of a live briefing may be sent, message by message (pure; no I/O).
 *
 * `viewFor` (view.ts) is the snapshot a client gets on connecting; this module decides which
 * of the events that follow each viewer receives, and the small live status that goes with
 * them. The rules:
 *
 * - Staff (moderator, operator, stenographer) receive every event.
 * - A journalist receives what happens to the call (opened, last question, closed, lines
 *   opened, turns, stage directions), who joined (as their view's speaker list shows), and
 *   the events about themselves (their hand, their connection, being muted or removed); never
 *   the queue details of others (their status carries their own position and the queue's
 *   length only) and never the stenographer's warnings.
 * - A listener, while the embargo holds, receives the phase changes only (as their view shows
 *   title and phase); once it has lifted, also lines opened, turns and stage directions.
 *   Nobody's queue, connection or name from joining.
 *
 * No event carries an official's real name on background (the state machine guarantees it),
 * and turns sent to clients carry the speaker's label, never a real name.
 */
import { QUESTION_LABEL } from "./assemble.js";
import { embargoLifted, viewFor, type CallView, type QueueRow, type Viewer } from "./view.js";
import type { BriefingEvent, BriefingSetup, BriefingState, CallPhase, CallTurn } from "./types.js";

/** Who may follow a briefing as a listener: everyone, or signed-in readers (and higher). */
export type ListenerAudience = "public" | "readers";

/**
 * The listener audience of a set-up: its optional `listeners` field (`"public"` or
 * `"readers"`), `"public"` when absent or unknown.
 */
export function listenerAudience(setup: BriefingSetup): ListenerAudience {
  const v = (setup as BriefingSetup & { listeners?: unknown }).listeners;
  return v === "readers" ? "readers" : "public";
}

/** A turn as sent to clients: the stored turn plus the label its speaker is shown under. */
export type ClientTurn = CallTurn & { label: string };

/** An event as sent to clients: turn events carry {@link ClientTurn}. */
export type ClientEvent =
  | Exclude<BriefingEvent, { type: "turn_added" } | { type: "turn_edited" }>
  | (Extract<BriefingEvent, { type: "turn_added" }> & { turn: ClientTurn })
  | (Extract<BriefingEvent, { type: "turn_edited" }> & { turn: ClientTurn });

/** The part of a view that changes with every command, sent with each batch of events. */
export interface LiveStatus {
  phase: CallPhase;
  /** Events up to this number are reflected. */
  seq: number;
  embargoLifted: boolean;
  /** Journalist with the floor (null for a listener under embargo). */
  current: { participant: string; name: string; outlet: string | null } | null;
  /** Staff only (name, outlet, position, waiting time, connection, mute); null for others. */
  queue: QueueRow[] | null;
  queueLength: number;
  /** Journalist only: their own 1-based position, or null. */
  myPosition: number | null;
}

const STAFF = new Set(["moderator", "operator", "stenographer"]);

/** True for the moderator, operator and stenographer. */
export function isStaff(viewer: Viewer): boolean {
  return STAFF.has(viewer.role);
}

const PHASE_EVENTS = new Set<BriefingEvent["type"]>(["call_opened", "last_question", "call_closed"]);
const CALL_EVENTS = new Set<BriefingEvent["type"]>(["call_opened", "last_question", "call_closed", "line_opened", "turn_added", "turn_edited", "turn_retracted", "stage_direction"]);
const OWN_EVENTS = new Set<BriefingEvent["type"]>(["hand_raised", "hand_withdrawn", "place_lost", "connection_dropped", "connection_restored", "participant_removed", "participant_muted"]);

/** The label a speaker is shown under in `state` (officials: their label; journalists: QUESTION). */
export function speakerLabel(state: BriefingState, speaker: string): string {
  const s = state.setup;
  if (speaker === s.moderatorId) return "MODERATOR";
  if (speaker === s.operatorId) return "OPERATOR";
  const o = s.officials.find((x) => x.id === speaker);
  if (o) return o.label;
  return QUESTION_LABEL;
}

/** `e` as sent to clients: a turn event's turn gets its speaker's label. */
export function decorate(state: BriefingState, e: BriefingEvent): ClientEvent {
  if (e.type === "turn_added" || e.type === "turn_edited") return { ...e, turn: { ...e.turn, label: speakerLabel(state, e.turn.speaker) } };
  return e;
}

/** True for events about one journalist that only they (and staff) receive. */
export function isOwnEvent(e: BriefingEvent): boolean {
  return OWN_EVENTS.has(e.type);
}

/**
 * Whether `viewer` may receive event `e` of a briefing in `state` at `lifted` (whether the
 * embargo has lifted for listeners).
 */
export function mayReceive(viewer: Viewer, e: BriefingEvent, lifted: boolean): boolean {
  if (viewer.role === "listener") return lifted ? CALL_EVENTS.has(e.type) : PHASE_EVENTS.has(e.type);
  if (viewer.role !== "journalist") return true; // staff
  if (CALL_EVENTS.has(e.type) || e.type === "journalist_joined") return true;
  if (OWN_EVENTS.has(e.type)) return "participant" in e && e.participant === viewer.id;
  return false; // queue_changed (others' order), warning (stenographer's)
}

/**
 * The events of `events` that `viewer` may receive, in order, turn events with their labels.
 * @param state The briefing's state after the events (for labels and the embargo).
 * @param now Epoch ms UTC (an embargo `{until}` lifts at that instant).
 */
export function eventsFor(viewer: Viewer, events: readonly BriefingEvent[], state: BriefingState, now: number): ClientEvent[] {
  const lifted = embargoLifted(state, now);
  const out: ClientEvent[] = [];
  for (const e of events) if (mayReceive(viewer, e, lifted)) out.push(decorate(state, e));
  return out;
}

/**
 * The snapshot `viewer` is sent on connecting: {@link viewFor}, except that a listener under
 * embargo is not told who has the floor.
 */
export function clientView(state: BriefingState, viewer: Viewer, now: number): CallView {
  const v = viewFor(state, viewer, now);
  if (viewer.role === "listener" && !v.embargoLifted) return { ...v, current: null, queueLength: 0 };
  return v;
}

/**
 * The live statuses of one state, computed once and shared by every connection (a call may
 * have hundreds of journalists: only `myPosition` differs between them).
 */
export class StatusBoard {
  private readonly positions: Map<string, number>;
  private staffStatus: LiveStatus | null = null;
  private readonly base: Omit<LiveStatus, "queue" | "myPosition">;
  readonly lifted: boolean;

  constructor(private readonly state: BriefingState, private readonly now: number) {
    this.lifted = embargoLifted(state, now);
    this.positions = new Map(state.queue.map((e) => [e.participant, e.position]));
    const cur = state.current === null ? null : state.journalists.find((j) => j.id === state.current) ?? null;
    this.base = {
      phase: state.phase,
      seq: state.seq,
      embargoLifted: this.lifted,
      current: cur ? { participant: cur.id, name: cur.name, outlet: cur.outlet } : null,
      queueLength: state.queue.length,
    };
  }

  /** The status `viewer` is sent. */
  statusFor(viewer: Viewer): LiveStatus {
    if (isStaff(viewer)) {
      this.staffStatus ??= { ...this.base, queue: viewFor(this.state, { role: "operator" }, this.now).queue, myPosition: null };
      return this.staffStatus;
    }
    if (viewer.role === "journalist") return { ...this.base, queue: null, myPosition: this.positions.get(viewer.id) ?? null };
    if (this.lifted) return { ...this.base, queue: null, myPosition: null };
    return { ...this.base, current: null, queueLength: 0, queue: null, myPosition: null };
  }
}

/**
 * A short key of what matters in a non-staff viewer's status, to tell whether anything
 * changed for them since their last message (staff are sent every event anyway). The queue's
 * length is not part of it: another journalist's hand going up at the back changes nothing
 * for a journalist (their position is the same), so they are not sent a message for it (in a
 * call of hundreds, every hand would otherwise reach everyone); `queueLength` is as of the
 * last message they got.
 */
export function statusKey(s: LiveStatus): string {
  return `${s.phase}|${s.embargoLifted ? 1 : 0}|${s.current?.participant ?? ""}|${s.myPosition ?? ""}`;
}
