/**
 * The transcript of a live briefing, in the structure of `../shared/spec/transcript.md`
 * (type `Structure` in `src/core/transcript-types.ts`), assembled from what actually
 * happened in the call: participants from the set-up and the queue, turns as typed,
 * exchanges from the lines the operator opened, events from stage directions and from
 * dropped and returning callers, ground rules from the set-up.
 */
import type { EventType, Exchange, GroundRules, Participant, Structure, TranscriptEvent, Turn } from "../core/transcript-types.js";
import { namesArePrivate } from "./names.js";
import type { BriefingGroundRules, BriefingState } from "./types.js";

/** Label printed on every journalist's turn, as in the archive's transcripts. */
export const QUESTION_LABEL = "QUESTION";

/** ISO 8601 UTC of epoch ms, or the number as text when it is no valid time (a value stored before times were checked): never throws. */
function isoOrRaw(ms: unknown): string {
  const d = new Date(typeof ms === "number" ? ms : NaN);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

/** The ground rules as the transcript spec has them; the embargo as text (`end of the call`, or ISO 8601 UTC). */
export function transcriptGroundRules(gr: BriefingGroundRules): GroundRules {
  const embargo = gr.embargo === null ? null : gr.embargo === "end_of_call" ? "end of the call" : isoOrRaw(gr.embargo.until);
  return { basis: gr.basis, attribute_to: gr.attribute_to, embargo };
}

/**
 * Assemble the transcript of a briefing (while it runs, or after it closed).
 *
 * - `participants`: the moderator (`MODERATOR`), the operator (`OPERATOR`) and each official
 *   who spoke, then each journalist who spoke or was given a line, in order of first
 *   appearance, with `QUESTION` as label and their name and outlet as given when joining.
 *   On background, deep background and off the record an official's `label` is the
 *   attribution label and `name` is null; on the record `name` is the real name.
 * - `turns`: as typed (real names already replaced on background), operator introductions included.
 * - `exchanges`: a journalist's turn opens a question (consecutive turns of theirs before an
 *   answer make one question); officials' turns after it are its answers; a new question
 *   by the same journalist on the same line is a follow-up. Moderator and operator turns
 *   neither answer nor end a question; opening a line does.
 * - `events`: stage directions at the turn they were typed in (or the last turn, when
 *   typed alone); `dropped` and `rejoined` at the last turn before they happened, for
 *   journalists who appear in the transcript (others' connections are not on the record).
 * - `published`: the time the call closed (ISO 8601 UTC), null while it runs.
 * - `warnings`: `real_name_withheld` when the stenographer typed an official's real name.
 *
 * Never contains an official's real name when names are private.
 */
export function assembleTranscript(state: BriefingState): Structure {
  const { setup } = state;
  const privateNames = namesArePrivate(setup.groundRules.basis);
  const spoke = new Set(state.turns.map((t) => t.speaker));
  const journalistIds: string[] = [];
  const seen = (id: string) => { if (!journalistIds.includes(id)) journalistIds.push(id); };
  // first appearance: a line opened for them or a turn of theirs, in turn order
  const byTurn: { turn: number; id: string }[] = [
    ...state.lines.map((l) => ({ turn: l.introTurn, id: l.participant })),
    ...state.turns.filter((t) => state.journalists.some((j) => j.id === t.speaker)).map((t) => ({ turn: t.index, id: t.speaker })),
  ].sort((a, b) => a.turn - b.turn);
  for (const x of byTurn) seen(x.id);

  const participants: Participant[] = [];
  if (spoke.has(setup.moderatorId)) participants.push({ id: setup.moderatorId, label: "MODERATOR", role: "moderator", name: null, affiliation: null });
  if (spoke.has(setup.operatorId)) participants.push({ id: setup.operatorId, label: "OPERATOR", role: "operator", name: null, affiliation: null });
  for (const o of setup.officials) {
    if (!spoke.has(o.id)) continue;
    participants.push({ id: o.id, label: o.label, role: "official", name: privateNames ? null : o.realName, affiliation: null });
  }
  for (const id of journalistIds) {
    const j = state.journalists.find((x) => x.id === id);
    if (j) participants.push({ id, label: QUESTION_LABEL, role: "questioner", name: j.name, affiliation: j.outlet });
  }
  const labelOf = new Map(participants.map((p) => [p.id, p.label]));
  const roleOf = new Map(participants.map((p) => [p.id, p.role]));

  const turns: Turn[] = state.turns.map((t) => ({ index: t.index, speaker: t.speaker, label: labelOf.get(t.speaker) ?? null, text: t.text }));

  const exchanges: Exchange[] = [];
  const intros = new Set(state.lines.map((l) => l.introTurn));
  let open: Exchange | null = null;
  let lastOnLine: string | null = null;
  for (const t of state.turns) {
    if (intros.has(t.index)) { open = null; lastOnLine = null; continue; }
    const role = roleOf.get(t.speaker);
    if (role === "questioner") {
      if (open && open.questioner === t.speaker && open.answer_turns.length === 0) { open.question_turns.push(t.index); continue; }
      open = { questioner: t.speaker, question_turns: [t.index], answer_turns: [], follow_up: lastOnLine === t.speaker };
      exchanges.push(open);
      lastOnLine = t.speaker;
    } else if (role === "official" && open) {
      open.answer_turns.push(t.index);
    }
  }

  const last = Math.max(0, turns.length - 1);
  const placed: { turn: number; at: number; ev: TranscriptEvent }[] = [];
  for (const t of state.turns) for (const type of t.directions) placed.push({ turn: t.index, at: t.at, ev: { turn: t.index, type, participant: t.speaker } });
  const inTranscript = new Set(participants.map((p) => p.id));
  for (const m of state.marks) {
    const isLine = m.type === "dropped" || m.type === "rejoined";
    if (isLine && (m.participant === null || !inTranscript.has(m.participant))) continue;
    const turn = Math.min(Math.max(0, m.afterTurns - 1), last);
    placed.push({ turn, at: m.at, ev: { turn, type: m.type as EventType, participant: m.participant !== null && inTranscript.has(m.participant) ? m.participant : null } });
  }
  const events = placed.sort((a, b) => a.turn - b.turn || a.at - b.at).map((p) => p.ev);

  const withheld = state.log.some((e) => e.type === "warning" && e.code === "real_name_replaced");
  return {
    headline: setup.title,
    section: setup.section,
    kind: "transcript",
    published: state.closedAt === null ? null : isoOrRaw(state.closedAt),
    dateline: setup.dateline ?? null,
    ground_rules: transcriptGroundRules(setup.groundRules),
    participants,
    turns,
    exchanges,
    events,
    ...(withheld ? { warnings: ["real_name_withheld"] } : {}),
  };
}
