/**
 * Ground rules at publish time (issue 4): an editor-submitted (or corrected) transcript on
 * background or deep background whose text names its briefer may not be published as it
 * stands. The names come from the transcript analyser's `leaked_name:` warnings
 * (`transcript/leaks.ts`); the check also asks the publication redactor (`publish/redact.ts`)
 * whether it would change the text, so a name it would withhold is caught too.
 *
 * Imports are not refused: the importer replaces the name with the attribution before
 * storing (that IS "replaced by the attribution"; see `importer/analyze-file.ts`).
 */
import type { ItemInput } from "../core/item.js";
import type { Basis } from "../core/transcript-types.js";
import { redactForPublication } from "../publish/redact.js";
import { findLeakedNames } from "../transcript/leaks.js";

const BACKGROUND: ReadonlySet<Basis> = new Set<Basis>(["on_background", "deep_background"]);

/** What is wrong with publishing `input` under its ground rules, or null when nothing is. */
export interface GroundRulesProblem {
  basis: Basis;
  /** The briefer's name(s) as found in the text. */
  names: string[];
  /** The attribution the text should use instead. */
  attribution: string | null;
  /** One sentence for the editor. */
  message: string;
}

/**
 * Check an item against its ground rules. Pure.
 * @returns the problem, or null when the item may be published.
 */
export function groundRulesProblem(input: ItemInput): GroundRulesProblem | null {
  const basis = input.groundRules?.basis ?? input.transcript?.ground_rules?.basis ?? null;
  if (basis === null || !BACKGROUND.has(basis) || !input.transcript) return null;
  const names = findLeakedNames(input.transcript);
  const redacted = redactForPublication(input).input;
  const changed = redacted.body !== input.body || redacted.headline !== input.headline;
  if (names.length === 0 && !changed) return null;
  const attribution = input.groundRules?.attribute_to ?? input.transcript.ground_rules?.attribute_to ?? null;
  const who = names.length ? names.join(", ") : "the briefer";
  const basisText = basis === "deep_background" ? "deep background" : "background";
  return {
    basis,
    names,
    attribution,
    message: `this transcript is on ${basisText} but names its briefer (${who}); replace the name with the attribution${attribution ? ` "${attribution}"` : ""} or give pressroom:override_reason`,
  };
}
