/**
 * Measuring the classifier against labelled items (pure): precision, recall and accuracy
 * at level 1 (the 17 top-level topics) and at level 2, where every qcode is replaced by
 * its ancestor at that level (a level-1 qcode stays itself).
 */

/** Per-item input: the qcodes we judged right and the qcodes the classifier chose. */
export interface EvalCase {
  id: string;
  gold: string[];
  predicted: string[];
}

/** Scores at one level. Precision/recall are micro-averaged over all items. */
export interface LevelScores {
  precision: number;
  recall: number;
  f1: number;
  /** Share of items whose best (first) predicted topic is among the gold topics. */
  top1Accuracy: number;
  /** Share of items whose predicted set equals the gold set. */
  exactAccuracy: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface EvalReport {
  items: number;
  level1: LevelScores;
  level2: LevelScores;
}

/**
 * Map a qcode to its ancestor at `level` (or itself when it is at or above that level).
 * @param broader qcode → broader qcode (null at level 1); unknown qcodes map to themselves.
 */
export function atLevel(qcode: string, level: number, broader: ReadonlyMap<string, string | null>): string {
  const chain = [qcode];
  let cur: string | null | undefined = broader.get(qcode);
  while (cur) {
    chain.unshift(cur);
    cur = broader.get(cur);
  }
  return chain[Math.min(level, chain.length) - 1]!;
}

function scoreAt(cases: EvalCase[], level: number, broader: ReadonlyMap<string, string | null>): LevelScores {
  let tp = 0, fp = 0, fn = 0, top1 = 0, exact = 0;
  for (const c of cases) {
    const gold = new Set(c.gold.map((q) => atLevel(q, level, broader)));
    const predList = c.predicted.map((q) => atLevel(q, level, broader));
    const pred = new Set(predList);
    for (const q of pred) (gold.has(q) ? tp++ : fp++);
    for (const q of gold) if (!pred.has(q)) fn++;
    if (predList[0] !== undefined && gold.has(predList[0])) top1++;
    if (pred.size === gold.size && [...pred].every((q) => gold.has(q))) exact++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const n = cases.length || 1;
  return {
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    top1Accuracy: top1 / n,
    exactAccuracy: exact / n,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
  };
}

/** Score the classifier's choices against our labels at levels 1 and 2. */
export function evaluate(cases: EvalCase[], broader: ReadonlyMap<string, string | null>): EvalReport {
  return { items: cases.length, level1: scoreAt(cases, 1, broader), level2: scoreAt(cases, 2, broader) };
}
