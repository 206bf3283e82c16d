import { readFileSync } from 'node:fs';

/**
 * Asserts that a parsed results file has exactly the shape of CodSpeed's
 * walltime format: every key present, no extra keys, integers where counts
 * belong, finite numbers only, at least one benchmark.
 */
export function expectWalltimeFormat(results: unknown): void {
  const r = results as Record<string, any>;
  expect(Object.keys(r).sort()).toEqual(['benchmarks', 'creator', 'instrument']);
  expect(Object.keys(r.creator).sort()).toEqual(['name', 'pid', 'version']);
  expect(typeof r.creator.name).toBe('string');
  expect(typeof r.creator.version).toBe('string');
  expect(Number.isInteger(r.creator.pid)).toBe(true);
  expect(r.instrument).toEqual({ type: 'walltime' });
  expect(Array.isArray(r.benchmarks)).toBe(true);
  expect(r.benchmarks.length).toBeGreaterThan(0);
  for (const b of r.benchmarks) {
    expect(Object.keys(b).sort()).toEqual(['config', 'name', 'stats', 'uri']);
    expect(typeof b.name).toBe('string');
    expect(typeof b.uri).toBe('string');
    expect(Object.keys(b.config).sort()).toEqual(['max_rounds', 'max_time_ns', 'min_round_time_ns', 'warmup_time_ns']);
    for (const key of ['warmup_time_ns', 'min_round_time_ns', 'max_time_ns']) {
      expect(b.config[key] === null || Number.isFinite(b.config[key])).toBe(true);
    }
    expect(b.config.max_rounds === null || Number.isInteger(b.config.max_rounds)).toBe(true);
    expect(Object.keys(b.stats).sort()).toEqual(
      [
        'iqr_outlier_rounds',
        'iter_per_round',
        'max_ns',
        'mean_ns',
        'median_ns',
        'min_ns',
        'q1_ns',
        'q3_ns',
        'rounds',
        'stdev_ns',
        'stdev_outlier_rounds',
        'total_time',
        'warmup_iters',
      ].sort(),
    );
    for (const key of ['min_ns', 'max_ns', 'mean_ns', 'stdev_ns', 'q1_ns', 'median_ns', 'q3_ns', 'total_time']) {
      expect(Number.isFinite(b.stats[key])).toBe(true);
      expect(b.stats[key]).toBeGreaterThanOrEqual(0);
    }
    for (const key of ['rounds', 'iqr_outlier_rounds', 'stdev_outlier_rounds', 'iter_per_round', 'warmup_iters']) {
      expect(Number.isInteger(b.stats[key])).toBe(true);
    }
    expect(b.stats.min_ns).toBeLessThanOrEqual(b.stats.q1_ns);
    expect(b.stats.q1_ns).toBeLessThanOrEqual(b.stats.median_ns);
    expect(b.stats.median_ns).toBeLessThanOrEqual(b.stats.q3_ns);
    expect(b.stats.q3_ns).toBeLessThanOrEqual(b.stats.max_ns);
  }
}

/** The Go benchmark text file written beside a results file. */
export function benchfmtOf(resultsFile: string): string {
  return readFileSync(resultsFile.replace(/results\/(\d+)\.json$/, 'benchfmt/$1.txt'), 'utf8');
}

/** The values a benchmark reported with ReportMetric in `unit`, line by line, in go test output or a text file. */
export function reportedMetric(text: string, benchmark: string, unit: string): number[] {
  const pattern = new RegExp(`^${benchmark}(?:-\\d+)?\\s+\\d+\\s+[\\d.]+ ns/op\\s+([\\d.]+) ${unit}$`, 'gm');
  return [...text.matchAll(pattern)].map((m) => Number(m[1]));
}
