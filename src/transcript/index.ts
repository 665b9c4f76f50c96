/**
 * The pure transcript analyser: `Document` → structured transcript (`Structure`), as
 * fixed by `shared/spec/transcript.md` and judged by the conventions in
 * `shared/spec/labeling.md`. No database, clock, network or file system here.
 */
import type { Document } from "../core/document.js";
import type { Structure, Turn, TranscriptEvent } from "../core/transcript-types.js";
import { buildExchanges } from "./exchanges.js";
import { findEvents } from "./events.js";
import { findGroundRules } from "./ground-rules.js";
import { leakedNamesIn } from "./leaks.js";
import { resolveParticipants } from "./participants.js";
import { segmentTurns } from "./turns.js";
import { collapse } from "./text.js";

export { findLabels, matchLabelAt, isSpeakerLabel } from "./labels.js";
export { segmentTurns, isClosingLine, isQuestionLabel } from "./turns.js";
export { resolveParticipants, readCall, readSelfIntro, readAnswerVocative, readLineNotice, roleForLabel, nameFromLabel } from "./participants.js";
export { buildExchanges } from "./exchanges.js";
export { findEvents, classifyMarker } from "./events.js";
export { findGroundRules } from "./ground-rules.js";
export { findLeakedNames, leakedNamesIn } from "./leaks.js";

/** An issuer line that is a person and their title: "Jane Q. Doe, Secretary of State". */
const ISSUER_PERSON_RE = /^\p{Lu}[\p{L}.'’\-]+(?: \p{Lu}[\p{L}.'’\-]*){1,3}, (?:the )?(?:Deputy |Under |Assistant |Acting |Special |Press )?(?:Secretary|Spokesperson|Spokesman|Ambassador|Administrator|Director|Envoy|Representative|Coordinator|President|Vice President|Governor|Mayor|Minister)\b/u;

/** Minimum labelled turns for a body to count as a transcript. */
const MIN_TURNS = 2;

/**
 * Analyse one document.
 *
 * - `kind` is `transcript` when the body has ≥ 2 labelled turns by ≥ 2 distinct labels
 *   (or a questioner label), else `doc.kindHint ?? "other"` (labeling.md, "Metadata").
 * - `participants`, `turns`, `exchanges`, `events` are empty for a non-transcript.
 * - `ground_rules` is read from the preamble and non-questioner turns (for any kind, so
 *   "The following is attributable to Spokesperson Ned Price:" counts on a readout).
 * - `warnings`: `unresolved_label:LABEL` for labels whose role is only guessed,
 *   `leaked_name:NAME` for a background briefer named on the record.
 *
 * Never throws for any `paragraphs` content (binary garbage, unbalanced parentheses,
 * megabytes of text); runs in time roughly linear in the text length.
 */
export function analyze(doc: Document): Structure {
  const headline = collapse(doc.title ?? "") || fallbackHeadline(doc.paragraphs);
  const base: Structure = {
    headline,
    section: doc.section,
    kind: doc.kindHint ?? "other",
    published: doc.published,
    dateline: doc.dateline,
    ground_rules: { basis: null, attribute_to: null },
    participants: [],
    turns: [],
    exchanges: [],
    events: [],
    warnings: [],
  };
  try {
    return analyzeInner(doc, base);
  } catch (e) {
    base.warnings = [`analysis_failed:${String((e as Error)?.message ?? e).slice(0, 200)}`];
    return base;
  }
}

function analyzeInner(doc: Document, out: Structure): Structure {
  const paragraphs = Array.isArray(doc.paragraphs) ? doc.paragraphs.filter((p): p is string => typeof p === "string") : [];
  const seg = segmentTurns(paragraphs);
  const labels = new Set(seg.turns.map((t) => t.label.toUpperCase()));
  const hasQ = seg.turns.some((t) => /^(?:Q|QUESTION)$/i.test(t.label));
  const isTranscript = seg.turns.length >= MIN_TURNS && (labels.size >= 2 || hasQ);
  const warnings: string[] = [];
  if (!isTranscript) {
    // an item issued under a person's name and title ("NAME, Secretary of State") with no other kind is their statement
    if (out.kind === "other" && doc.section && ISSUER_PERSON_RE.test(doc.section)) out.kind = "statement";
    out.ground_rules = findGroundRules(paragraphs.slice(0, 200));
    out.warnings = warnings;
    return out;
  }
  out.kind = "transcript";
  const context = [out.headline, doc.section ?? "", ...seg.preamble.slice(0, 20)].join(" \n ");
  const res = resolveParticipants(seg.turns, out.headline, context);
  const turns: Turn[] = seg.turns.map((t, i) => ({
    index: i,
    speaker: res.speakers[i]!,
    label: t.label,
    text: t.paragraphs.join("\n\n"),
  }));
  const roleOf = new Map(res.participants.map((p) => [p.id, p.role]));
  // Ground rules: preamble + everything not said by a questioner.
  // Officials state rules at the start or end of a turn; long answers are read at both ends only.
  const ruleTexts = [...seg.preamble, ...turns.filter((t) => roleOf.get(t.speaker) !== "questioner").map((t) => {
    const r = roleOf.get(t.speaker);
    return r === "official" && t.text.length > 2400 ? t.text.slice(0, 1600) + " \n " + t.text.slice(-800) : t.text;
  })];
  out.ground_rules = findGroundRules(ruleTexts, res.participants.filter((p) => p.role === "official" && p.label).map((p) => p.label!));
  out.participants = res.participants;
  out.turns = turns;
  out.exchanges = buildExchanges(turns.map((t) => ({ speaker: t.speaker, role: roleOf.get(t.speaker) ?? "other", text: t.text })));
  const events: TranscriptEvent[] = findEvents(seg.turns.map((t, i) => ({ speaker: res.speakers[i]!, direction: t.direction, text: turns[i]!.text })));
  for (const e of res.lineEvents) events.push({ turn: e.turn, type: e.type, participant: e.participant });
  events.sort((a, b) => a.turn - b.turn);
  out.events = events;
  if (out.ground_rules.basis === "on_background" || out.ground_rules.basis === "deep_background") {
    const modTexts = [...seg.preamble, ...turns.filter((t) => { const r = roleOf.get(t.speaker); return r === "moderator" || r === "operator"; }).map((t) => t.text)];
    for (const n of leakedNamesIn(modTexts)) warnings.push(`leaked_name:${n}`);
  }
  // A one-word label that is neither a role word nor a title (e.g. `AIDE`, `VOICE`) only had its role guessed.
  for (const p of res.participants) if (p.label && !p.label.includes(" ") && p.role === "official") warnings.push(`unresolved_label:${p.label}`);
  out.warnings = [...warnings, ...res.warnings];
  return out;
}

/**
 * A headline for a document that states no title (the contract requires a non-empty
 * one): the first sentence of the first paragraph, cut at a word boundary to at most
 * 100 characters with an ellipsis, or `Untitled document` when there is no text.
 */
export function fallbackHeadline(paragraphs: readonly string[]): string {
  const first = (paragraphs.find((p) => p.trim() !== "") ?? "").replace(/\s+/g, " ").trim();
  if (!first) return "Untitled document";
  const sentence = /^(.{10,}?[.!?])(?:\s|$)/.exec(first)?.[1] ?? first;
  if (sentence.length <= 100) return sentence;
  const cut = sentence.slice(0, 100);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 60)).trim()}…`;
}
