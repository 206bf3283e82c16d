import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endTask, filesOfLiveRuns, mergeRun, openRun, registerResults, runOutcomes, type Registration } from './run-registry';
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

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'registry-'));
  const runs = join(root, 'runs');
  const profile = join(root, 'profile');
  const runDir = join(runs, 'this');
  openRun(runDir);
  const task = (pid: number, names: string[], extra: Partial<Registration> = {}) => {
    const resultsFile = writeResults(profile, walltimeResults(names.map(benchmark), pid), names.map((n) => `Benchmark${n} 1 1 ns/op\n`).join(''));
    writeFileSync(join(profile, `environment-${pid}.json`), JSON.stringify({ integration_environment: { go: { version: 'go1.26.8' } } }));
    registerResults(runDir, { project: `p${pid}`, profileFolder: profile, resultsFile, historyLimit: 20, underRunner: false, ...extra });
    return resultsFile;
  };
  return { root, runs, profile, runDir, task };
}

const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe('openRun', () => {
  it('removes the folders of runs that ended, and keeps those of runs still going', () => {
    const parent = mkdtempSync(join(tmpdir(), 'runs-'));
    const folder = (name: string, owner?: object) => {
      mkdirSync(join(parent, name));
      if (owner) writeFileSync(join(parent, name, 'owner'), JSON.stringify(owner));
      return join(parent, name);
    };
    const ended = folder('ended', { pid: dead, ppid: 1, since: Date.now() });
    const going = folder('going', { pid: process.pid, ppid: process.ppid, since: Date.now() });
    // A hook in the Nx daemon outlives the run: its tasks' Nx process has ended.
    const daemonRun = folder('daemon', { pid: process.pid, ppid: process.ppid, since: Date.now() });
    mkdirSync(join(daemonRun, 'tasks'));
    writeFileSync(join(daemonRun, 'tasks', 'x.json'), JSON.stringify({ resultsFile: '/x', client: dead, at: Date.now() }));
    const old = folder('old');
    const day = (Date.now() - 2 * 24 * 3600 * 1000) / 1000;
    utimesSync(old, day, day);
    const recent = folder('recent');
    openRun(join(parent, 'this'));
    expect([ended, going, daemonRun, old, recent].map(existsSync)).toEqual([false, true, false, false, true]);
    expect(JSON.parse(readFileSync(join(parent, 'this', 'owner'), 'utf8'))).toEqual({ pid: process.pid, ppid: process.ppid, since: expect.any(Number) });
  });
});

describe('endTask', () => {
  it('names the last bench task to end as the one to merge, once', () => {
    const { runDir } = setup();
    const tasks = ['a:bench', 'b:bench', 'c:bench'];
    expect(endTask(runDir, 'b:bench', tasks)).toBe(false);
    expect(endTask(runDir, 'a:bench', tasks)).toBe(false);
    expect(endTask(runDir, 'c:bench', tasks)).toBe(true);
    expect(endTask(runDir, 'c:bench', tasks)).toBe(false);
  });
});

describe('mergeRun', () => {
  it('merges the registered files into the merging process\'s own, removes only those, and moves earlier runs to history/', () => {
    const { profile, runDir, task } = setup();
    const earlier = writeResults(profile, walltimeResults([benchmark('Old')], dead), 'BenchmarkOld 1 1 ns/op\n');
    const foreign = join(profile, 'results', '4242.json');
    writeFileSync(foreign, JSON.stringify({ creator: { name: 'pytest-codspeed', version: '4', pid: 4242 }, instrument: { type: 'walltime' }, benchmarks: [] }));
    const other = task(dead + 1_000_000, ['A']);
    const own = task(process.pid, ['B', 'C']);
    const outcomes = mergeRun(runDir);
    expect(outcomes).toEqual([{ profileFolder: profile, resultsFile: own, benchmarks: 3, tasks: 2, archived: 1 }]);
    expect(JSON.parse(readFileSync(own, 'utf8')).benchmarks.map((b: WalltimeBenchmark) => b.name)).toEqual(['A', 'B', 'C']);
    expect(readFileSync(join(profile, 'benchfmt', `${process.pid}.txt`), 'utf8')).toBe('BenchmarkA 1 1 ns/op\nBenchmarkB 1 1 ns/op\nBenchmarkC 1 1 ns/op\n');
    expect([earlier, foreign, other].map(existsSync)).toEqual([false, true, false]);
    expect(listing(join(profile, 'results'))).toEqual([`${process.pid}.json`, '4242.json'].sort());
    expect(listing(profile).filter((f) => f.startsWith('environment-'))).toEqual([`environment-${process.pid}.json`]);
    expect(listing(join(profile, 'history'))).toHaveLength(1);
    expect(runOutcomes(runDir)).toEqual(outcomes);
    // Merging again finds nothing left to merge, and changes nothing.
    expect(mergeRun(runDir)).toEqual([]);
    expect(listing(join(profile, 'results'))).toEqual([`${process.pid}.json`, '4242.json'].sort());
  });

  it('keeps a lone file as it is, and leaves the files of runs still going', () => {
    const { runs, profile, runDir, task } = setup();
    const elsewhere = join(runs, 'other');
    openRun(elsewhere);
    const theirs = writeResults(profile, walltimeResults([benchmark('Theirs')], dead + 2_000_000));
    registerResults(elsewhere, { project: 'x', profileFolder: profile, resultsFile: theirs, historyLimit: 20, underRunner: false });
    expect(filesOfLiveRuns(runs)).toEqual(new Set([theirs]));
    const mine = task(dead, ['A']);
    expect(mergeRun(runDir)).toEqual([{ profileFolder: profile, resultsFile: mine, benchmarks: 1, tasks: 1, archived: 0 }]);
    expect([mine, theirs].map(existsSync)).toEqual([true, true]);
  });

  it('moves nothing under CodSpeed\'s runner, whose profile folder is the runner\'s session', () => {
    const { profile, runDir, task } = setup();
    const earlier = writeResults(profile, walltimeResults([benchmark('Old')], dead));
    task(process.pid, ['A'], { underRunner: true });
    expect(mergeRun(runDir)[0].archived).toBe(0);
    expect(existsSync(earlier)).toBe(true);
  });

  it('refuses results of two modes in one folder, and keeps every part for another try', () => {
    const { profile, runDir, task } = setup();
    const walltime = task(dead, ['A']);
    const simulation = writeResults(profile, { ...walltimeResults([benchmark('S')], process.pid), instrument: { type: 'simulation' } });
    registerResults(runDir, { project: 's', profileFolder: profile, resultsFile: simulation, historyLimit: 20, underRunner: false });
    expect(() => mergeRun(runDir)).toThrow(/Cannot merge (walltime and simulation|simulation and walltime) results into one file/);
    expect([walltime, simulation].map(existsSync)).toEqual([true, true]);
    expect(listing(join(runDir, 'tasks'))).toHaveLength(2);
  });
});
