/**
 * Stage directions the stenographer types: `(inaudible)`, `(Laughter.)`, `(Crosstalk.)` and
 * the rest of the vocabulary the transcript parser knows (`classifyMarker` in
 * `src/transcript/events.ts`), so a live transcript and an imported one read the same way.
 */
import type { EventType } from "../core/transcript-types.js";
import { classifyMarker } from "../transcript/events.js";

const PAREN_RE = /\(([^()]{1,80})\)/g;

/** The stage directions printed in `text`, in order, as event types. */
export function directionsIn(text: string): EventType[] {
  const out: EventType[] = [];
  for (const m of text.matchAll(PAREN_RE)) {
    const type = classifyMarker(m[1] ?? "");
    if (type) out.push(type);
  }
  return out;
}

/** True when `text` holds stage directions and nothing else (then it is no turn of speech). */
export function isDirectionsOnly(text: string): boolean {
  if (!text.includes("(")) return false;
  const rest = text.replace(PAREN_RE, (whole, inner: string) => (classifyMarker(inner) ? "" : whole));
  return rest.trim() === "" && directionsIn(text).length > 0;
}

/**
 * A turn's text as stored: line breaks normalised, white space inside a paragraph collapsed,
 * paragraphs (separated by a blank line) joined by `\n\n`, as in the transcript spec.
 */
export function normalizeTurnText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p.length > 0)
    .join("\n\n");
}
