/** Small, dependency-free statistics for the bench: every figure is reported as a median with min–max. */

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('no values to summarise');
  return [...values].sort((a, b) => a - b);
}

/**
 * The p-th percentile (0–100) with linear interpolation between closest ranks, so p50 of an even-sized
 * sample is the mean of the two middle values and p99 of 200 samples sits between the 198th and 199th.
 */
export function percentile(values: readonly number[], p: number): number {
  const s = sorted(values);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = s[lo]!;
  const b = s[hi]!;
  return a + (b - a) * (rank - lo);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function min(values: readonly number[]): number {
  return sorted(values)[0]!;
}

export function max(values: readonly number[]): number {
  const s = sorted(values);
  return s[s.length - 1]!;
}

export function summarize(values: readonly number[]): Summary {
  const s = sorted(values);
  return { n: s.length, median: median(s), min: s[0]!, max: s[s.length - 1]! };
}
