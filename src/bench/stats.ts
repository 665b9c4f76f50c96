/** Percentile (nearest-rank) of a list of numbers; `p` in 0..100. Returns NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1]!;
}

/** Round to `d` decimals for printing. */
export const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
