/**
 * Turn segmentation (labeling.md, "Text" and "Turns"): a turn starts at each speaker
 * label; unlabelled paragraphs continue the turn before them and are joined with a
 * blank line. The preamble before the first label and closing lines (`END`,
 * `(The briefing was concluded at 3:02 p.m.)`, a bare clock time) are not turns.
 */
import { findLabels, isPlausibleSpeaker, matchLabelAt, ROLE_WORDS, type LabelHit } from "./labels.js";
import { collapse, needsCollapse } from "./text.js";

/** A turn before participants are resolved. */
export interface RawTurn {
  /** Label as printed (no colon, no stage direction). */
  label: string;
  /** Stage direction printed with the label, or null. */
  direction: string | null;
  /** Paragraph texts of the turn (the first without its label). */
  paragraphs: string[];
  /** Index in `doc.paragraphs` where the turn starts. */
  paragraph: number;
  /** Offset of the label inside that paragraph. */
  offset: number;
}

/** Result of {@link segmentTurns}. */
export interface Segmentation {
  /** Paragraphs before the first label (issuer line, venue, clock time, moderator notes printed as prose). */
  preamble: string[];
  turns: RawTurn[];
  /** Paragraphs dropped as closing lines or after the end marker. */
  closing: string[];
}

const CLOSING_RE = /^(?:[-–—*#\s]*END[-–—*#\s]*(?:\d{1,2}:\d{2}\s*[AaPp]\.?\s*[Mm]\.?(?:\s*[A-Z]{2,4})?\.?)?|(?:#\s*){3}|\*{3}|[-–—]{3,})$/;
const CONCLUDED_RE = /^[(\[][^()\[\]]{0,120}\b(?:concluded|ended|adjourned|conclud|ends)\b[^()\[\]]{0,60}[)\]]\.?$/i;
const CLOCK_RE = /^\d{1,2}:\d{2}\s*(?:[AaPp]\.?\s*[Mm]\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?\.?$/;

/** True for a closing line or bare time that is never part of a turn. */
export function isClosingLine(p: string): boolean {
  if (p.length > 200) return false;
  return CLOSING_RE.test(p) || CONCLUDED_RE.test(p) || CLOCK_RE.test(p);
}

/** True for the `END` marker after which no unlabelled paragraph belongs to a turn. */
function isEndMarker(p: string): boolean {
  return p.length < 60 && CLOSING_RE.test(p);
}

/**
 * First pass: which labels does the document use at paragraph starts? Those (and role
 * words) are the labels accepted when buried mid-paragraph.
 * @returns upper-cased labels and whether a bare `Q` label occurs at a paragraph start.
 */
export function knownLabels(paragraphs: readonly string[]): { known: Set<string>; usesQ: boolean } {
  const { known, usesQ } = scanHeads(paragraphs);
  return { known, usesQ };
}

/** {@link knownLabels}, plus the label hit at the start of each paragraph (read once, reused by {@link segmentTurns}). */
function scanHeads(paragraphs: readonly string[]): { known: Set<string>; usesQ: boolean; heads: (LabelHit | null)[] } {
  const counts = new Map<string, number>();
  let usesQ = false;
  const heads: (LabelHit | null)[] = new Array(paragraphs.length);
  for (let i = 0; i < paragraphs.length; i++) {
    const h = matchLabelAt(paragraphs[i] ?? "", 0, true);
    heads[i] = h;
    if (!h) continue;
    if (h.shape === "q") usesQ = true;
    const k = h.label.toUpperCase();
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  // A label that is not a plausible speaker by its words must recur to count (labeling.md).
  const known = new Set<string>();
  for (const [k, n] of counts) if (n >= 2 || isPlausibleSpeaker(k)) known.add(k);
  return { known, usesQ, heads };
}

/**
 * Split paragraphs into preamble and turns.
 * @param paragraphs the document's clean paragraphs (`Document.paragraphs`).
 * Never throws; linear in the total text length.
 */
export function segmentTurns(paragraphs: readonly string[]): Segmentation {
  const { known, usesQ, heads } = scanHeads(paragraphs);
  // A bare Q counts only when the document also has colon labels or Q occurs at least twice.
  let qCount = 0;
  if (usesQ) for (const h of heads) if (h?.shape === "q") qCount++;
  const qOk = usesQ && (qCount >= 2 || [...known].some((k) => k !== "Q"));
  const preamble: string[] = [];
  const closing: string[] = [];
  const turns: RawTurn[] = [];
  let ended = false;
  for (let i = 0; i < paragraphs.length; i++) {
    const raw = paragraphs[i] ?? "";
    const p = needsCollapse(raw) ? collapse(raw) : raw;
    if (!p) continue;
    if (isClosingLine(p)) {
      closing.push(p);
      if (isEndMarker(p) && turns.length > 0) ended = true;
      continue;
    }
    // the label at the start was read by scanHeads when the paragraph needed no collapsing
    let hits: LabelHit[] = findLabels(p, { known, buriedQ: qOk, head: p === raw ? heads[i] ?? null : undefined });
    if (!qOk) hits = hits.filter((h) => h.shape !== "q");
    if (hits.length && hits[0]!.shape === "colon" && hits[0]!.start === 0 && !known.has(hits[0]!.label.toUpperCase())) hits = hits.slice(1);
    if (hits.length === 0) {
      if (ended) closing.push(p);
      else if (turns.length === 0) preamble.push(p);
      else turns[turns.length - 1]!.paragraphs.push(p);
      continue;
    }
    ended = false;
    const first = hits[0]!;
    if (first.start > 0) {
      const before = p.slice(0, first.start).trim();
      if (before) {
        if (turns.length === 0) preamble.push(before);
        else turns[turns.length - 1]!.paragraphs.push(before);
      }
    }
    for (let h = 0; h < hits.length; h++) {
      const hit = hits[h]!;
      const end = h + 1 < hits.length ? hits[h + 1]!.start : p.length;
      const text = p.slice(hit.textStart, end).trim();
      turns.push({ label: hit.label, direction: hit.direction, paragraphs: text ? [text] : [], paragraph: i, offset: hit.start });
    }
  }
  // Footnotes printed after the last turn ("*Ukrainian" corrections) are not speech.
  const last = turns[turns.length - 1];
  while (last && last.paragraphs.length > 1 && /^\*+\s?\S/.test(last.paragraphs[last.paragraphs.length - 1]!) && last.paragraphs[last.paragraphs.length - 1]!.length < 300) {
    closing.push(last.paragraphs.pop()!);
  }
  // A turn whose label is not a role word and which has no text at all is still a turn;
  // drop only empty turns that are immediately followed by the same label (printing glitch).
  return { preamble, turns: turns.filter((t, k) => t.paragraphs.length > 0 || turns[k + 1]?.label !== t.label), closing };
}

/** True when the label is the generic questioner label (`QUESTION`, `Q`, `REPORTER`, …). */
export function isQuestionLabel(label: string): boolean {
  const u = label.toUpperCase();
  return u === "Q" || u === "QUESTION" || u === "QUESTIONER" || u === "REPORTER" || u === "JOURNALIST" ||
    u === "AUDIENCE QUESTION" || u === "PRESS" || /^QUESTION\b/.test(u) || /^(?:Q|REPORTER)\s*\d*$/.test(u);
}

export { ROLE_WORDS };
