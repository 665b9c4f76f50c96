/**
 * The call and queue state machine: {@link apply} takes a state, a command and the time,
 * and returns the next state with the events it caused, or a refusal. It is pure: the
 * input state is never changed, and the same state, command and time always give the
 * same result, so a briefing is rebuilt by replaying its command log (`replay.ts`).
 *
 * Rules (docs/briefings.md):
 * - Phases: `scheduled` → `open` (moderator) → `last_question` (moderator; no new hands) →
 *   `closed` (moderator; final). Nothing but a retry is accepted once closed.
 * - A retried command (same `commandId`, same body) returns the first result and changes
 *   nothing; the same id with another body is refused (`PRESSROOM_E_BRIEFING_COMMAND_ID_REUSED`).
 *   Only accepted commands are remembered: a refused one may be sent again.
 * - A dropped journalist keeps their place until `droppedAt + graceMs` (inclusive). The first
 *   command applied after that takes the place away (`place_lost`); rejoining later puts the
 *   hand back at the end of the queue while the queue still takes hands.
 * - The queue changes order only by `reorder` and `skip`; `open_line` serves the first
 *   connected hand (dropped ones keep their place and are passed over).
 */
import { briefingError, type BriefingError, type BriefingErrorCode } from "./errors.js";
import { fingerprint, isBriefingError, parseCommand } from "./command.js";
import { directionsIn, isDirectionsOnly, normalizeTurnText } from "./directions.js";
import { namesArePrivate, replaceRealNames } from "./names.js";
import { staffIds } from "./setup.js";
import type { ActorRole, BriefingEvent, BriefingState, CallTurn, Command, CommandType, Journalist, QueueEntry } from "./types.js";

/** What {@link apply} returns for an accepted command (or a retry of one). */
export interface Applied {
  ok: true;
  state: BriefingState;
  /** Events caused by the command, in order (for a retry: those of the first time). */
  effects: BriefingEvent[];
  /** True when the command was a retry and nothing changed. */
  retried: boolean;
}

/** What {@link apply} returns for a refused command: the state is unchanged. */
export interface Refused {
  ok: false;
  error: BriefingError;
}

/** Result of {@link apply}. */
export type ApplyResult = Applied | Refused;

/** Which roles may send each command. */
export const ALLOWED_ROLES: Readonly<Record<CommandType, readonly ActorRole[]>> = {
  open: ["moderator"],
  last_question: ["moderator"],
  close: ["moderator"],
  join: ["journalist"],
  raise_hand: ["journalist"],
  withdraw_hand: ["journalist"],
  rejoin: ["journalist"],
  drop: ["journalist", "system"],
  tick: ["system"],
  open_line: ["operator"],
  reorder: ["operator"],
  skip: ["operator"],
  remove: ["operator"],
  mute: ["operator"],
  add_turn: ["stenographer"],
  edit_last_turn: ["stenographer"],
  retract_last_turn: ["stenographer"],
};

/** Commands accepted before the call opens (besides `open` and `close`). */
const BEFORE_OPEN: ReadonlySet<CommandType> = new Set<CommandType>(["open", "close", "join", "drop", "rejoin", "tick"]);

type EventBody = BriefingEvent extends infer E ? (E extends BriefingEvent ? Omit<E, "seq" | "at" | "commandId"> : never) : never;

/** A private, shallow working copy of the state: arrays and records touched are copied first. */
interface Draft {
  s: BriefingState;
  effects: BriefingEvent[];
  now: number;
  commandId: string;
}

class Refusal {
  constructor(readonly error: BriefingError) {}
}

function refuse(code: BriefingErrorCode, message: string): never {
  throw new Refusal(briefingError(code, message));
}

function emit(d: Draft, body: EventBody): void {
  d.s.seq += 1;
  d.effects.push({ ...body, seq: d.s.seq, at: d.now, commandId: d.commandId } as BriefingEvent);
}

function renumber(queue: QueueEntry[]): QueueEntry[] {
  return queue.map((e, i) => (e.position === i + 1 ? e : { ...e, position: i + 1 }));
}

function setQueue(d: Draft, queue: QueueEntry[]): void {
  d.s.queue = renumber(queue);
}

function journalist(d: Draft, id: string): Journalist {
  const j = d.s.journalists.find((x) => x.id === id);
  if (!j) refuse("PRESSROOM_E_BRIEFING_NOT_JOINED", `participant ${id} has not joined the call`);
  return j;
}

function updateJournalist(d: Draft, id: string, patch: Partial<Journalist>): void {
  d.s.journalists = d.s.journalists.map((j) => (j.id === id ? { ...j, ...patch } : j));
}

const inQueue = (d: Draft, id: string): boolean => d.s.queue.some((e) => e.participant === id);

function mark(d: Draft, type: "dropped" | "rejoined", participant: string): void {
  d.s.marks = [...d.s.marks, { type, participant, afterTurns: d.s.turns.length, at: d.now }];
}

/** Take away the places of dropped journalists whose grace ran out before `now`. */
function expireGrace(d: Draft): void {
  for (const e of d.s.queue) {
    const c = d.s.connections[e.participant];
    if (c && c.status === "dropped" && d.now > c.graceUntil) {
      setQueue(d, d.s.queue.filter((x) => x.participant !== e.participant));
      emit(d, { type: "place_lost", participant: e.participant });
    }
  }
}

function checkActor(d: Draft, cmd: Command): void {
  const { role, id } = cmd.actor;
  if (!ALLOWED_ROLES[cmd.type].includes(role)) refuse("PRESSROOM_E_BRIEFING_WRONG_ROLE", `a ${role} may not send ${cmd.type}`);
  const setup = d.s.setup;
  const own = role === "moderator" ? setup.moderatorId : role === "operator" ? setup.operatorId : role === "stenographer" ? setup.stenographerId : null;
  if (own !== null && own !== id) refuse("PRESSROOM_E_BRIEFING_WRONG_ROLE", `${id} is not the ${role} of this briefing`);
}

function checkPhase(d: Draft, type: CommandType): void {
  const phase = d.s.phase;
  if (phase === "closed") refuse("PRESSROOM_E_BRIEFING_CLOSED", "the call is closed");
  if (phase === "scheduled" && !BEFORE_OPEN.has(type)) refuse("PRESSROOM_E_BRIEFING_NOT_OPEN", "the call has not been opened yet");
}

/** Raise `id`'s hand at the back of the queue. */
function pushHand(d: Draft, id: string, reason: "raised" | "rejoined_after_grace"): void {
  setQueue(d, [...d.s.queue, { participant: id, raisedAt: d.now, position: d.s.queue.length + 1 }]);
  emit(d, { type: "hand_raised", participant: id, position: d.s.queue.length, reason });
}

function speakerKnown(d: Draft, id: string): boolean {
  return staffIds(d.s.setup).includes(id) || d.s.journalists.some((j) => j.id === id);
}

/** Text to store for a typed turn, with the ids of officials whose real names were replaced. */
function storedText(d: Draft, typed: string): { text: string; replaced: string[] } {
  const text = normalizeTurnText(typed);
  if (!namesArePrivate(d.s.setup.groundRules.basis)) return { text, replaced: [] };
  return replaceRealNames(text, d.s.setup.officials);
}

function warnReplaced(d: Draft, replaced: string[], turn: number): void {
  for (const id of replaced) {
    const o = d.s.setup.officials.find((x) => x.id === id)!;
    emit(d, { type: "warning", code: "real_name_replaced", official: o.id, label: o.label, turn });
  }
}

function lastStenoTurn(d: Draft): CallTurn {
  const t = d.s.turns[d.s.turns.length - 1];
  if (!t || t.source !== "stenographer") refuse("PRESSROOM_E_BRIEFING_NO_TURN", "the last turn is not one the stenographer typed");
  return t;
}

function run(d: Draft, cmd: Command): void {
  const s = d.s;
  const actorId = cmd.actor.id;
  switch (cmd.type) {
    case "open": {
      if (s.phase !== "scheduled") refuse("PRESSROOM_E_BRIEFING_ALREADY_OPEN", "the call is already open");
      s.phase = "open";
      s.openedAt = d.now;
      emit(d, { type: "call_opened" });
      return;
    }
    case "join": {
      if (staffIds(s.setup).includes(actorId)) refuse("PRESSROOM_E_BRIEFING_BAD_COMMAND", `${actorId} is the id of a member of staff or an official`);
      if (s.journalists.some((j) => j.id === actorId)) refuse("PRESSROOM_E_BRIEFING_ALREADY_JOINED", `${actorId} already joined; send rejoin after a lost connection`);
      s.journalists = [...s.journalists, { id: actorId, name: cmd.name, outlet: cmd.outlet, joinedAt: d.now, muted: false, removed: false }];
      s.connections = { ...s.connections, [actorId]: { status: "connected", since: d.now } };
      emit(d, { type: "journalist_joined", participant: actorId, name: cmd.name, outlet: cmd.outlet });
      return;
    }
    case "raise_hand": {
      const j = journalist(d, actorId);
      if (j.removed) refuse("PRESSROOM_E_BRIEFING_REMOVED", "the operator removed this participant");
      if (s.phase === "last_question") refuse("PRESSROOM_E_BRIEFING_QUEUE_CLOSED", "last question was announced: the queue takes no new hands");
      if (s.connections[actorId]?.status === "dropped") refuse("PRESSROOM_E_BRIEFING_DROPPED", "the connection is down: rejoin first");
      if (inQueue(d, actorId)) refuse("PRESSROOM_E_BRIEFING_HAND_ALREADY_RAISED", "the hand is already up");
      if (s.current === actorId) refuse("PRESSROOM_E_BRIEFING_HAS_FLOOR", "this participant has the floor");
      pushHand(d, actorId, "raised");
      return;
    }
    case "withdraw_hand": {
      journalist(d, actorId);
      if (!inQueue(d, actorId)) refuse("PRESSROOM_E_BRIEFING_NOT_IN_QUEUE", "no hand is up");
      setQueue(d, s.queue.filter((e) => e.participant !== actorId));
      const c = s.connections[actorId];
      if (c && c.status === "dropped") s.connections = { ...s.connections, [actorId]: { ...c, hadHand: false } };
      emit(d, { type: "hand_withdrawn", participant: actorId });
      return;
    }
    case "drop": {
      let who = actorId;
      if (cmd.actor.role === "system") {
        if (!cmd.participant) refuse("PRESSROOM_E_BRIEFING_BAD_COMMAND", "drop from the system must name the participant");
        who = cmd.participant;
      } else if (cmd.participant !== undefined && cmd.participant !== actorId) {
        refuse("PRESSROOM_E_BRIEFING_WRONG_ROLE", "a journalist may only report their own connection");
      }
      journalist(d, who);
      if (s.connections[who]?.status === "dropped") refuse("PRESSROOM_E_BRIEFING_DROPPED", "the connection is already down");
      const graceUntil = d.now + (s.setup.graceMs ?? 0);
      s.connections = { ...s.connections, [who]: { status: "dropped", droppedAt: d.now, graceUntil, hadHand: inQueue(d, who) } };
      mark(d, "dropped", who);
      emit(d, { type: "connection_dropped", participant: who, graceUntil });
      return;
    }
    case "rejoin": {
      const j = journalist(d, actorId);
      const c = s.connections[actorId];
      if (!c || c.status !== "dropped") refuse("PRESSROOM_E_BRIEFING_NOT_DROPPED", "the connection is up");
      const placeKept = inQueue(d, actorId);
      s.connections = { ...s.connections, [actorId]: { status: "connected", since: d.now } };
      mark(d, "rejoined", actorId);
      emit(d, { type: "connection_restored", participant: actorId, placeKept });
      if (!placeKept && c.hadHand && !j.removed && s.phase === "open" && s.current !== actorId) pushHand(d, actorId, "rejoined_after_grace");
      return;
    }
    case "tick":
      return; // grace periods that ran out were ended before the command
    case "open_line": {
      let entry: QueueEntry | undefined;
      if (cmd.participant !== undefined) {
        journalist(d, cmd.participant);
        entry = s.queue.find((e) => e.participant === cmd.participant);
        if (!entry) refuse("PRESSROOM_E_BRIEFING_NOT_IN_QUEUE", `${cmd.participant} has no hand up`);
        if (s.connections[cmd.participant]?.status === "dropped") refuse("PRESSROOM_E_BRIEFING_DROPPED", `${cmd.participant}'s connection is down`);
      } else {
        entry = s.queue.find((e) => s.connections[e.participant]?.status !== "dropped");
        if (!entry) refuse("PRESSROOM_E_BRIEFING_QUEUE_EMPTY", "no connected journalist is waiting");
      }
      const who = entry.participant;
      const j = journalist(d, who);
      setQueue(d, s.queue.filter((e) => e.participant !== who));
      const intro: CallTurn = {
        index: s.turns.length,
        speaker: s.setup.operatorId,
        text: j.outlet ? `The next question is from ${j.name} with ${j.outlet}.` : `The next question is from ${j.name}.`,
        at: d.now,
        source: "operator_intro",
        directions: [],
      };
      s.turns = [...s.turns, intro];
      s.current = who;
      s.lines = [...s.lines, { participant: who, openedAt: d.now, introTurn: intro.index }];
      emit(d, { type: "line_opened", participant: who, introTurn: intro.index });
      emit(d, { type: "turn_added", turn: intro });
      if (j.muted) {
        updateJournalist(d, who, { muted: false });
        emit(d, { type: "participant_muted", participant: who, muted: false });
      }
      return;
    }
    case "reorder": {
      journalist(d, cmd.participant);
      const from = s.queue.findIndex((e) => e.participant === cmd.participant);
      if (from < 0) refuse("PRESSROOM_E_BRIEFING_NOT_IN_QUEUE", `${cmd.participant} has no hand up`);
      if (cmd.position > s.queue.length) refuse("PRESSROOM_E_BRIEFING_BAD_COMMAND", `position must be between 1 and ${s.queue.length}`);
      const q = s.queue.filter((_, i) => i !== from);
      q.splice(cmd.position - 1, 0, s.queue[from]!);
      setQueue(d, q);
      emit(d, { type: "queue_changed", queue: d.s.queue });
      return;
    }
    case "skip": {
      const who = cmd.participant ?? s.queue[0]?.participant;
      if (who === undefined) refuse("PRESSROOM_E_BRIEFING_QUEUE_EMPTY", "the queue is empty");
      journalist(d, who);
      const e = s.queue.find((x) => x.participant === who);
      if (!e) refuse("PRESSROOM_E_BRIEFING_NOT_IN_QUEUE", `${who} has no hand up`);
      setQueue(d, [...s.queue.filter((x) => x.participant !== who), e]);
      emit(d, { type: "queue_changed", queue: d.s.queue });
      return;
    }
    case "remove": {
      const j = journalist(d, cmd.participant);
      if (j.removed) refuse("PRESSROOM_E_BRIEFING_REMOVED", `${cmd.participant} was removed already`);
      updateJournalist(d, j.id, { removed: true });
      const had = inQueue(d, j.id);
      if (had) setQueue(d, s.queue.filter((x) => x.participant !== j.id));
      if (s.current === j.id) s.current = null;
      emit(d, { type: "participant_removed", participant: j.id });
      if (had) emit(d, { type: "queue_changed", queue: d.s.queue });
      return;
    }
    case "mute": {
      const j = journalist(d, cmd.participant);
      updateJournalist(d, j.id, { muted: cmd.muted });
      emit(d, { type: "participant_muted", participant: j.id, muted: cmd.muted });
      return;
    }
    case "last_question": {
      if (s.phase === "last_question") refuse("PRESSROOM_E_BRIEFING_ALREADY_LAST_QUESTION", "last question was already announced");
      s.phase = "last_question";
      emit(d, { type: "last_question" });
      return;
    }
    case "close": {
      s.phase = "closed";
      s.closedAt = d.now;
      s.current = null;
      emit(d, { type: "call_closed" });
      return;
    }
    case "add_turn": {
      if (!speakerKnown(d, cmd.speaker)) refuse("PRESSROOM_E_BRIEFING_UNKNOWN_SPEAKER", `${cmd.speaker} is no participant of this call`);
      if (cmd.speaker === s.setup.stenographerId) refuse("PRESSROOM_E_BRIEFING_UNKNOWN_SPEAKER", "the stenographer is not a speaker");
      const typed = normalizeTurnText(cmd.text);
      if (isDirectionsOnly(typed)) {
        for (const type of directionsIn(typed)) {
          const participant = cmd.speaker;
          s.marks = [...s.marks, { type, participant, afterTurns: s.turns.length, at: d.now }];
          emit(d, { type: "stage_direction", direction: type, participant, turn: s.turns.length ? s.turns.length - 1 : null });
        }
        return;
      }
      const { text, replaced } = storedText(d, typed);
      const turn: CallTurn = { index: s.turns.length, speaker: cmd.speaker, text, at: d.now, source: "stenographer", directions: directionsIn(text) };
      s.turns = [...s.turns, turn];
      emit(d, { type: "turn_added", turn });
      warnReplaced(d, replaced, turn.index);
      for (const type of turn.directions) emit(d, { type: "stage_direction", direction: type, participant: cmd.speaker, turn: turn.index });
      return;
    }
    case "edit_last_turn": {
      const last = lastStenoTurn(d);
      const typed = normalizeTurnText(cmd.text);
      const { text, replaced } = storedText(d, typed);
      const turn: CallTurn = { ...last, text, directions: directionsIn(text) };
      s.turns = [...s.turns.slice(0, -1), turn];
      emit(d, { type: "turn_edited", turn });
      warnReplaced(d, replaced, turn.index);
      return;
    }
    case "retract_last_turn": {
      const last = lastStenoTurn(d);
      s.turns = s.turns.slice(0, -1);
      emit(d, { type: "turn_retracted", index: last.index });
      return;
    }
  }
}

/**
 * Apply one command at time `now` (epoch ms UTC).
 *
 * The command may come straight from the wire: it is checked with `parseCommand` first
 * (`PRESSROOM_E_BRIEFING_BAD_COMMAND`). Then: a retry returns the stored result; the actor's
 * role and id are checked (`PRESSROOM_E_BRIEFING_WRONG_ROLE`), then the phase
 * (`..._CLOSED`, `..._NOT_OPEN`), then grace periods that ran out are ended, then the
 * command's own rules. Never throws for a bad command; `state` is not modified.
 *
 * @param state The briefing's current state.
 * @param command The command (see {@link Command}).
 * @param now The time the command is applied, epoch ms UTC (from the injected `Clock`).
 * @returns The next state with the events caused, numbered from `state.seq + 1`; or a refusal.
 */
export function apply(state: BriefingState, command: Command | unknown, now: number): ApplyResult {
  const cmd = parseCommand(command);
  if (isBriefingError(cmd)) return { ok: false, error: cmd };
  if (typeof now !== "number" || !Number.isFinite(now)) return { ok: false, error: briefingError("PRESSROOM_E_BRIEFING_BAD_COMMAND", "now must be epoch milliseconds") };
  const fp = fingerprint(cmd);
  const seen = state.processed[cmd.commandId];
  if (seen) {
    if (seen.fingerprint !== fp) return { ok: false, error: briefingError("PRESSROOM_E_BRIEFING_COMMAND_ID_REUSED", `commandId ${cmd.commandId} was used for another command`) };
    return { ok: true, state, effects: seen.effects, retried: true };
  }
  const d: Draft = { s: { ...state }, effects: [], now, commandId: cmd.commandId };
  try {
    checkActor(d, cmd);
    checkPhase(d, cmd.type);
    expireGrace(d);
    run(d, cmd);
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.error };
    throw e;
  }
  d.s.log = [...state.log, ...d.effects];
  d.s.processed = { ...state.processed, [cmd.commandId]: { fingerprint: fp, effects: d.effects } };
  return { ok: true, state: d.s, effects: d.effects, retried: false };
}
