/** The statistics of one benchmark, as CodSpeed's walltime format names them. */
export interface WalltimeStats {
  min_ns: number;
  max_ns: number;
  mean_ns: number;
  stdev_ns: number;
  q1_ns: number;
  median_ns: number;
  q3_ns: number;
  rounds: number;
  /** Seconds spent in measured rounds. */
  total_time: number;
  iqr_outlier_rounds: number;
  stdev_outlier_rounds: number;
  iter_per_round: number;
  warmup_iters: number;
}

export interface MeasuredRound {
  iters: number;
  ns: number;
}

/**
 * Summarizes rounds. Each round contributes its time per iteration, in
 * floating point so that a 0.3 ns benchmark does not become 0.
 */
export function walltimeStats(rounds: MeasuredRound[], warmupIters: number): WalltimeStats {
  if (rounds.length === 0) throw new Error('walltimeStats needs at least one round');
  const values = rounds.map((r) => r.ns / r.iters);
  const sorted = [...values].sort((a, b) => a - b);
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const stdev = n < 2 ? 0 : Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const iqr = q3 - q1;
  return {
    min_ns: sorted[0],
    max_ns: sorted[n - 1],
    mean_ns: mean,
    stdev_ns: stdev,
    q1_ns: q1,
    median_ns: quantile(sorted, 0.5),
    q3_ns: q3,
    rounds: n,
    total_time: rounds.reduce((s, r) => s + r.ns, 0) / 1e9,
    iqr_outlier_rounds: values.filter((v) => v < q1 - 1.5 * iqr || v > q3 + 1.5 * iqr).length,
    stdev_outlier_rounds: values.filter((v) => Math.abs(v - mean) > 3 * stdev).length,
    iter_per_round: Math.round(rounds.reduce((s, r) => s + r.iters, 0) / n),
    warmup_iters: warmupIters,
  };
}

/**
 * The p-quantile of sorted values by Hyndman and Fan's definition 8 (R's
 * type 8), which is median-unbiased whatever the distribution.
 */
export function quantile(sorted: number[], p: number): number {
  const n = sorted.length;
  const h = (n + 1 / 3) * p + 1 / 3;
  if (h <= 1) return sorted[0];
  if (h >= n) return sorted[n - 1];
  const lo = Math.floor(h);
  return sorted[lo - 1] + (h - lo) * (sorted[lo] - sorted[lo - 1]);
}
