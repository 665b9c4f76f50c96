/**
 * Word diffs between two versions of an item (jsdiff `diffWordsWithSpace`), as parts the
 * version-history page renders as `<ins>` / `<del>` (text is escaped by the renderer).
 */
import { diffWordsWithSpace } from "diff";

/** One run of a diff: unchanged, inserted or deleted text. */
export interface DiffPart {
  kind: "same" | "ins" | "del";
  text: string;
}

/** Longest text diffed word by word (characters per side); longer texts are compared by paragraph. */
const MAX_WORD_DIFF = 200_000;

/**
 * The word diff from `before` to `after`. Pure.
 * @returns parts in order; joining the `same` and `del` parts gives `before`, `same` and `ins` give `after`.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  if (before.length > MAX_WORD_DIFF || after.length > MAX_WORD_DIFF) {
    return before === after ? [{ kind: "same", text: before }] : [{ kind: "del", text: before }, { kind: "ins", text: after }];
  }
  return diffWordsWithSpace(before, after).map((c) => ({ kind: c.added ? "ins" : c.removed ? "del" : "same", text: c.value }));
}

/** True when a diff changes anything. */
export function hasChanges(parts: readonly DiffPart[]): boolean {
  return parts.some((p) => p.kind !== "same");
}
