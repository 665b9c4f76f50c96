/**
 * Events (labeling.md, "Events"): one per printed marker — `(inaudible)`,
 * `(Cross-talk.)`, `(Laughter.)`, `(Applause.)`, `(Off-mike.)`, `(Via interpreter)` /
 * `(As interpreted.)`, pause markers; dropped/rejoined callers come from participant
 * resolution. Anything else in parentheses that is a stage direction → `other`.
 */
import type { EventType, TranscriptEvent } from "../core/transcript-types.js";

const PAREN_RE = /\(([^()]{1,80})\)|\[([^\[\]]{1,80})\]/g;
const TYPES: [RegExp, EventType][] = [
  // "(In English)" marks the part that is not interpreted; "(No translation provided.)" is no interpretation
  [/^\s*(?:in (?:english|spanish|french|arabic|russian|chinese|japanese|korean|german|italian|portuguese|vietnamese|hebrew|ukrainian)|no (?:translation|interpretation)\b|speaks \p{L}+)/iu, "other"],
  [/\b(?:inaudible|unintelligible|indiscernible|unclear|garbled)\b/i, "inaudible"],
  [/\bcross[- ]?talk|\boverlapping|\bspeaking simultaneously|\btalking over\b/i, "crosstalk"],
  [/\blaugh/i, "laughter"],
  [/\bapplause|\bclapping/i, "applause"],
  [/\boff[- ]?mi(?:ke|c)\b|\bmicrophone off\b|\baway from (?:the )?mic/i, "off_mic"],
  [/\bvia interpret|\bas interpreted|\bthrough (?:an )?interpret|\binterpretation\b|\bas translated|\bvia translat|\btranslated\b/i, "interpretation"],
  [/^\s*(?:pause|long pause|brief pause|silence|beat)\b|\bpauses\b/i, "pause"],
];
// Parenthesised words that are stage directions but none of the above.
const OTHER_RE = /^(?:[\p{L}\s,.'’\-]*\b(?:audio|video|drops?|cuts? out|technical|difficult(?:y|ies)|break|interruption|music|phone|cough(?:s|ing)?|sighs?|chuckles?|smiles?|nods?|gestures?|points?|in progress|recording|feed|static|connection|beep|tone|no response|no answer|background noise|muted|unmuted|connect|interrupt|audio cut|gavel|cheers|booing|boos|shouting|protest|crosstalk|speaks|spoken|turns|holds up|displays|shows|slide|chart|audience|reporters|technical difficulties|drinks|water|bell)\b[\p{L}\s,.'’\-]*)$/iu;

/** A whole paragraph in parentheses that reads as a description: a capitalised subject and a sentence end. */
const PARA_DIRECTION_RE = /^\(\p{Lu}[^()]{2,78}[.!]\)$/u;

/** Classify one parenthetical's inner text; null when it is speech, not a stage direction. */
export function classifyMarker(inner: string, bracket = false): EventType | null {
  const s = inner.trim();
  if (!s) return null;
  for (const [re, type] of TYPES) if (re.test(s)) return type;
  if (bracket) return null;
  if (s.length <= 40 && OTHER_RE.test(s)) return "other";
  return null;
}

/**
 * Events printed in turn texts (and label directions).
 * @param turns per turn: speaker id, the label's stage direction, and the text.
 */
export function findEvents(turns: readonly { speaker: string; direction: string | null; text: string }[]): TranscriptEvent[] {
  const out: TranscriptEvent[] = [];
  turns.forEach((t, i) => {
    if (t.direction) {
      const type = classifyMarker(t.direction) ?? "other";
      out.push({ turn: i, type, participant: t.speaker });
    }
    // a paragraph that is only a parenthetical is a stage direction ("(Staff hands out copies.)")
    const paraStarts = new Set<number>();
    if (t.text.includes("\n\n(")) {
      let at = 0;
      for (const para of t.text.split("\n\n")) {
        if (PARA_DIRECTION_RE.test(para)) paraStarts.add(at);
        at += para.length + 2;
      }
    }
    PAREN_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PAREN_RE.exec(t.text)) !== null) {
      const type = (m[1] !== undefined ? classifyMarker(m[1]) : classifyMarker(m[2] ?? "", true)) ?? (paraStarts.has(m.index) ? "other" : null);
      if (!type) continue;
      // a direction printed right after the label was already counted from the label
      if (t.direction && m.index === 0 && (m[1] ?? "").trim() === t.direction) continue;
      out.push({ turn: i, type, participant: t.speaker });
    }
  });
  return out;
}
