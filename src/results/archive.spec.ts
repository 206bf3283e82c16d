import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveEarlierRuns, historyEntries } from './archive';
import { walltimeResults, writeResults, type WalltimeBenchmark } from './walltime';

const dead = spawnSync(process.execPath, ['-e', '0']).pid!;

const benchmark = (name: string): WalltimeBenchmark => ({
  name,
  uri: `a_test.go::${name}`,
  config: { warmup_time_ns: null, min_round_time_ns: null, max_time_ns: null, max_rounds: null },
  stats: {
    min_ns: 1, max_ns: 1, mean_ns: 1, stdev_ns: 0, q1_ns: 1, median_ns: 1, q3_ns: 1, rounds: 1, total_time: 1,
    iqr_outlier_rounds: 0, stdev_outlier_rounds: 0, iter_per_round: 1, warmup_iters: 0,
  },
});

/** A results file of pid with its text and environment, last written `secondsAgo` before now. */
function run(profile: string, pid: number, secondsAgo: number): string {
  const file = writeResults(profile, walltimeResults([benchmark(`B${pid}`)], pid), `BenchmarkB${pid} 1 1 ns/op\n`);
  writeFileSync(join(profile, `environment-${pid}.json`), '{}');
  const when = (Date.now() - secondsAgo * 1000) / 1000;
  utimesSync(file, when, when);
  return file;
}

const files = (dir: string): string[] => (existsSync(dir) ? (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).sort() : []);

describe('archiveEarlierRuns', () => {
  it('moves ended runs of the plugin to history/ with their text and environment, and touches nothing else', () => {
    const profile = mkdtempSync(join(tmpdir(), 'archive-'));
    const earlier = run(profile, dead, 60);
    const live = run(profile, process.pid, 0);
    const kept = run(profile, dead + 1_000_000, 20);
    const foreign = join(profile, 'results', '4242.json');
    writeFileSync(foreign, JSON.stringify({ creator: { name: 'pytest-codspeed', version: '4', pid: dead }, instrument: { type: 'walltime' }, benchmarks: [] }));
    const { moved, pruned } = archiveEarlierRuns(profile, new Set([kept]), 20);
    expect(pruned).toBe(0);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatch(new RegExp(`/history/\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z-${dead}$`));
    expect(files(moved[0])).toEqual(['benchfmt', `benchfmt/${dead}.txt`, `environment-${dead}.json`, 'results', `results/${dead}.json`]);
    expect(JSON.parse(readFileSync(join(moved[0], 'results', `${dead}.json`), 'utf8')).benchmarks[0].name).toBe(`B${dead}`);
    expect([earlier, live, kept, foreign].map(existsSync)).toEqual([false, true, true, true]);
    expect(existsSync(join(profile, 'benchfmt', `${dead}.txt`))).toBe(false);
    expect(historyEntries(profile)).toEqual(moved);
  });

  it('keeps the newest runs up to the limit, oldest first in the listing', () => {
    const profile = mkdtempSync(join(tmpdir(), 'archive-'));
    run(profile, dead, 300);
    archiveEarlierRuns(profile, new Set(), 2);
    run(profile, dead, 200);
    archiveEarlierRuns(profile, new Set(), 2);
    run(profile, dead, 100);
    const { pruned } = archiveEarlierRuns(profile, new Set(), 2);
    expect(pruned).toBe(1);
    const entries = historyEntries(profile);
    expect(entries).toHaveLength(2);
    expect(entries[0] < entries[1]).toBe(true);
    const stamps = entries.map((e) => Date.parse(/(\d{4}-\d\d-\d\dT\d\d)-(\d\d)-(\d\d\.\d{3}Z)/.exec(e)!.slice(1).join(':')));
    expect(Date.now() - stamps[0]).toBeGreaterThan(150_000);
    expect(Date.now() - stamps[1]).toBeLessThan(150_000);
    expect(archiveEarlierRuns(profile, new Set(), 0).pruned).toBe(2);
    expect(historyEntries(profile)).toEqual([]);
  });

  it('finishes a move that a killed run left half done', () => {
    const profile = mkdtempSync(join(tmpdir(), 'archive-'));
    run(profile, dead, 10);
    const staging = join(profile, 'history', `.${dead}-2026-01-02T03-04-05.678Z-${dead}.tmp`);
    mkdirSync(join(staging, 'results'), { recursive: true });
    // Killed after its results file moved, before its text and environment did.
    writeFileSync(join(staging, 'results', `${dead}.json`), readFileSync(join(profile, 'results', `${dead}.json`)));
    const empty = join(profile, 'history', `.${dead}-2026-01-02T03-04-06.000Z-1.tmp`);
    mkdirSync(empty);
    const { moved } = archiveEarlierRuns(profile, new Set([join(profile, 'results', `${dead}.json`)]), 20);
    expect(moved).toEqual([]);
    const finished = join(profile, 'history', `2026-01-02T03-04-05.678Z-${dead}`);
    expect(files(finished)).toEqual(['benchfmt', `benchfmt/${dead}.txt`, `environment-${dead}.json`, 'results', `results/${dead}.json`]);
    expect(existsSync(empty)).toBe(false);
    expect(readdirSync(join(profile, 'history'))).toEqual([`2026-01-02T03-04-05.678Z-${dead}`]);
  });
});

describe('writeResults', () => {
  it('never replaces a file it did not write: a reused pid gets the next free name', () => {
    const profile = mkdtempSync(join(tmpdir(), 'names-'));
    const first = writeResults(profile, walltimeResults([benchmark('A')], 77), 'a\n');
    const second = writeResults(profile, walltimeResults([benchmark('B')], 77), 'b\n');
    writeFileSync(join(profile, 'environment-77-3.json'), '{}');
    const fourth = writeResults(profile, walltimeResults([benchmark('C')], 77));
    expect([first, second, fourth].map((f) => f.slice(profile.length))).toEqual(['/results/77.json', '/results/77-2.json', '/results/77-4.json']);
    expect(readFileSync(join(profile, 'benchfmt', '77.txt'), 'utf8')).toBe('a\n');
    const rewritten = writeResults(profile, walltimeResults([benchmark('D')], 77), 'd\n', first);
    expect(rewritten).toBe(first);
    expect(JSON.parse(readFileSync(first, 'utf8')).benchmarks[0].name).toBe('D');
  });
});
