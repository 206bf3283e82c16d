import { quantile, walltimeStats } from './stats';

const rounds = (perIter: number[], iters = 1) => perIter.map((v) => ({ iters, ns: v * iters }));

describe('quantile (R type 8)', () => {
  // Expected values by hand: h = (n + 1/3) p + 1/3, then x[h] interpolated.
  it.each([
    [[1, 2, 3, 4, 5], 0.25, 5 / 3], // h = 5/3
    [[1, 2, 3, 4, 5], 0.5, 3], // h = 3
    [[1, 2, 3, 4, 5], 0.75, 13 / 3], // h = 13/3
    [[1, 2, 3, 4], 0.25, 17 / 12], // h = 17/12
    [[1, 2, 3, 4], 0.5, 2.5], // h = 5/2
    [[1, 2, 3, 4], 0.75, 43 / 12], // h = 43/12
    [[7], 0.25, 7],
    [[7], 0.75, 7],
    [[10, 20], 0.25, 10], // h = 11/12, below the first value
    [[10, 20], 0.75, 20], // h = 25/12, past the last value
  ])('%j at %d is %d', (sorted, p, expected) => {
    expect(quantile(sorted, p)).toBeCloseTo(expected, 12);
  });
});

describe('walltimeStats', () => {
  it('summarizes an odd number of rounds', () => {
    const s = walltimeStats(rounds([5, 1, 3, 2, 4], 10), 7);
    expect(s.min_ns).toBe(1);
    expect(s.max_ns).toBe(5);
    expect(s.mean_ns).toBe(3);
    expect(s.median_ns).toBe(3);
    expect(s.stdev_ns).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(s.q1_ns).toBeCloseTo(5 / 3, 12);
    expect(s.q3_ns).toBeCloseTo(13 / 3, 12);
    expect(s.rounds).toBe(5);
    expect(s.iter_per_round).toBe(10);
    expect(s.warmup_iters).toBe(7);
    expect(s.total_time).toBeCloseTo((15 * 10) / 1e9, 18);
    expect(s.iqr_outlier_rounds).toBe(0);
    expect(s.stdev_outlier_rounds).toBe(0);
  });

  it('summarizes an even number of rounds', () => {
    const s = walltimeStats(rounds([4, 1, 3, 2]), 0);
    expect(s.median_ns).toBe(2.5);
    expect(s.mean_ns).toBe(2.5);
    expect(s.stdev_ns).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(s.q1_ns).toBeCloseTo(17 / 12, 12);
    expect(s.q3_ns).toBeCloseTo(43 / 12, 12);
  });

  it('gives a zero stdev for a single round', () => {
    const s = walltimeStats([{ iters: 3, ns: 10 }], 0);
    expect(s).toMatchObject({ min_ns: 10 / 3, max_ns: 10 / 3, median_ns: 10 / 3, stdev_ns: 0, rounds: 1 });
    expect(s.iqr_outlier_rounds).toBe(0);
    expect(s.stdev_outlier_rounds).toBe(0);
  });

  it('keeps sub-nanosecond times per iteration', () => {
    const s = walltimeStats([{ iters: 1_000_000, ns: 300_000 }], 0);
    expect(s.median_ns).toBeCloseTo(0.3, 12);
  });

  it('counts IQR and stdev outliers', () => {
    // Twenty rounds at 10 ns and one at 1000 ns: the slow one lies beyond
    // 1.5 IQR (IQR = 0) and beyond 3 standard deviations of the mean.
    const values = [...Array(20).fill(10), 1000];
    const s = walltimeStats(rounds(values), 0);
    expect(s.iqr_outlier_rounds).toBe(1);
    expect(s.stdev_outlier_rounds).toBe(1);
    expect(s.median_ns).toBe(10);
  });

  it('averages iterations per round to an integer', () => {
    const s = walltimeStats(
      [
        { iters: 2, ns: 2 },
        { iters: 3, ns: 3 },
      ],
      0,
    );
    expect(s.iter_per_round).toBe(3);
    expect(Number.isInteger(s.iter_per_round)).toBe(true);
  });

  it('refuses an empty round list', () => {
    expect(() => walltimeStats([], 0)).toThrow('at least one round');
  });
});
