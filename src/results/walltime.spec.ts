import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawRecord } from './__fixtures__/record';
import type { RawRecord } from './raw-record';
import { summarize } from './aggregate';
import { toWalltime, walltimeResults, writeResults, type WalltimeBenchmark } from './walltime';

const walltimeBenchmarks = (records: RawRecord[], root: string): WalltimeBenchmark[] => summarize(records, root).map(toWalltime) as WalltimeBenchmark[];

function record(name: string, rounds: [number, number][], change: Partial<RawRecord> = {}): RawRecord {
  return rawRecord(name, { warmupIters: 5, rounds: rounds.map(([iters, ns]) => ({ iters, ns, allocs: 0, bytes: 0, extra: {} })), ...change });
}

describe('results entries', () => {
  it('makes one entry per benchmark with URI, name and config', () => {
    const [a, b] = walltimeBenchmarks(
      [record('BenchmarkA', [[10, 100]]), record('BenchmarkB/x', [[1, 5]], { policy: { count: 20, totalNs: 0, targetNs: 0, rounds: 20 } })],
      '/repo',
    );
    expect(a).toMatchObject({
      name: 'BenchmarkA',
      uri: 'svc/a_test.go::BenchmarkA',
      config: { warmup_time_ns: null, min_round_time_ns: 1e7, max_time_ns: 1e9, max_rounds: 100 },
    });
    expect(a.stats.median_ns).toBe(10);
    expect(b).toMatchObject({
      name: 'BenchmarkB::x',
      uri: 'svc/a_test.go::BenchmarkB::x',
      config: { warmup_time_ns: null, min_round_time_ns: null, max_time_ns: null, max_rounds: 20 },
    });
  });

  it('pools the rounds of repeated runs of one benchmark (go test -count)', () => {
    const [only, ...rest] = walltimeBenchmarks([record('BenchmarkA', [[1, 1]]), record('BenchmarkA', [[1, 3]])], '/repo');
    expect(rest).toEqual([]);
    expect(only.stats.rounds).toBe(2);
    expect(only.stats.median_ns).toBe(2);
    expect(only.stats.warmup_iters).toBe(10);
  });
});

describe('writeResults', () => {
  it('writes <profile>/results/<pid>.json and nothing else', () => {
    const profile = mkdtempSync(join(tmpdir(), 'profile-'));
    const results = walltimeResults(walltimeBenchmarks([record('BenchmarkA', [[1, 1]])], '/repo'), 4242);
    const path = writeResults(profile, results);
    expect(path).toBe(join(profile, 'results', '4242.json'));
    expect(readdirSync(join(profile, 'results'))).toEqual(['4242.json']);
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written.creator).toEqual({ name: 'nx-go-bench', version: expect.any(String), pid: 4242 });
    expect(written.instrument).toEqual({ type: 'walltime' });
    expect(written.benchmarks).toHaveLength(1);
  });

  it('refuses an empty benchmark list', () => {
    const profile = mkdtempSync(join(tmpdir(), 'profile-'));
    expect(() => writeResults(profile, walltimeResults([], 1))).toThrow('without benchmarks');
    expect(readdirSync(profile)).toEqual([]);
  });
});
