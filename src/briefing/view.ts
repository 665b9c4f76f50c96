/**
 * What each person may see of a briefing: the state holds officials' real names and every
 * connection detail, so no client is ever sent the state itself. {@link viewFor} is the one
 * projection the WebSocket API sends (a snapshot on connect; events after it by `seq`).
 *
 * - Staff (moderator, operator, stenographer) see the queue with names, outlets, positions
 *   and waiting times, and every connection. Only the moderator sees officials' real names
 *   (they wrote the set-up); on the record everyone does.
 * - A journalist sees the call, the transcript so far, and their own position (1-based) with
 *   the queue's length, not the others in it.
 * - A listener (outside the call) sees the title and phase, and the transcript (and who spoke)
 *   only once the embargo has lifted (at the close for `end_of_call`, at `until` for a time).
 */
import type { GroundRules } from "../core/transcript-types.js";
import { assembleTranscript, QUESTION_LABEL, transcriptGroundRules } from "./assemble.js";
import { namesArePrivate } from "./names.js";
import type { BriefingState, CallPhase } from "./types.js";

/** Who looks. A journalist is known by their participant id. */
export type Viewer =
  | { role: "moderator" | "operator" | "stenographer" }
  | { role: "journalist"; id: string }
  | { role: "listener" };

/** One waiting hand as staff see it. */
export interface QueueRow {
  participant: string;
  name: string;
  outlet: string | null;
  position: number;
  raisedAt: number;
  /** now − raisedAt, ms. */
  waitingMs: number;
  connected: boolean;
  muted: boolean;
}

/** A speaker the stenographer can pick, as everyone may see them. */
export interface SpeakerRow {
  id: string;
  label: string;
  role: "moderator" | "operator" | "official" | "questioner";
  /** Shown for journalists always; for officials only on the record, or to the moderator. */
  name: string | null;
  outlet: string | null;
}

/** A view of the call at `now`. */
export interface CallView {
  title: string;
  phase: CallPhase;
  /** Events up to this number are reflected; a client asks for what follows. */
  seq: number;
  groundRules: GroundRules;
  /** Whether the content may be seen outside the call at `now`. */
  embargoLifted: boolean;
  /** Journalist with the floor, or null. */
  current: { participant: string; name: string; outlet: string | null } | null;
  /** Staff only; null for others. */
  queue: QueueRow[] | null;
  queueLength: number;
  /** Journalist only: their own 1-based position, or null when their hand is down. */
  myPosition: number | null;
  speakers: SpeakerRow[];
  /** Turns so far with the label each is shown under; null for a listener under embargo. */
  turns: { index: number; speaker: string; label: string | null; text: string }[] | null;
}

/** Whether the embargo allows showing the call outside it at `now` (ms UTC). */
export function embargoLifted(state: BriefingState, now: number): boolean {
  const e = state.setup.groundRules.embargo;
  if (e === null) return true;
  if (e === "end_of_call") return state.phase === "closed";
  return now >= e.until;
}

/**
 * The view of `state` for `viewer` at `now` (epoch ms UTC). Never contains an official's
 * real name on background except for the moderator.
 */
export function viewFor(state: BriefingState, viewer: Viewer, now: number): CallView {
  const s = state.setup;
  const staff = viewer.role === "moderator" || viewer.role === "operator" || viewer.role === "stenographer";
  const showReal = !namesArePrivate(s.groundRules.basis) || viewer.role === "moderator";
  const lifted = embargoLifted(state, now);
  const byId = new Map(state.journalists.map((j) => [j.id, j]));
  const cur = state.current === null ? null : byId.get(state.current) ?? null;
  const speakers: SpeakerRow[] = [
    { id: s.moderatorId, label: "MODERATOR", role: "moderator", name: null, outlet: null },
    { id: s.operatorId, label: "OPERATOR", role: "operator", name: null, outlet: null },
    ...s.officials.map((o) => ({ id: o.id, label: o.label, role: "official" as const, name: showReal ? o.realName : null, outlet: null })),
    ...state.journalists.map((j) => ({ id: j.id, label: QUESTION_LABEL, role: "questioner" as const, name: j.name, outlet: j.outlet })),
  ];
  const label = new Map(speakers.map((p) => [p.id, p.label]));
  const seesTurns = viewer.role !== "listener" || lifted;
  return {
    title: s.title,
    phase: state.phase,
    seq: state.seq,
    groundRules: transcriptGroundRules(s.groundRules),
    embargoLifted: lifted,
    // who has the floor is part of the call: a listener learns it only once the embargo lifts
    current: cur && seesTurns ? { participant: cur.id, name: cur.name, outlet: cur.outlet } : null,
    queue: staff
      ? state.queue.map((e) => {
          const j = byId.get(e.participant)!;
          return { participant: e.participant, name: j.name, outlet: j.outlet, position: e.position, raisedAt: e.raisedAt, waitingMs: Math.max(0, now - e.raisedAt), connected: state.connections[e.participant]?.status !== "dropped", muted: j.muted };
        })
      : null,
    queueLength: state.queue.length,
    myPosition: viewer.role === "journalist" ? state.queue.find((e) => e.participant === viewer.id)?.position ?? null : null,
    // a listener sees only who spoke, and nobody while the embargo holds
    speakers: viewer.role === "listener" ? (lifted ? speakers.filter((p) => state.turns.some((t) => t.speaker === p.id)) : []) : speakers,
    turns: seesTurns ? state.turns.map((t) => ({ index: t.index, speaker: t.speaker, label: label.get(t.speaker) ?? null, text: t.text })) : null,
  };
}

/** The assembled transcript as a listener may see it at `now`: null while the embargo holds. */
export function publicTranscript(state: BriefingState, now: number): ReturnType<typeof assembleTranscript> | null {
  return embargoLifted(state, now) ? assembleTranscript(state) : null;
}
