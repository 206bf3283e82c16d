import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchProject, createWorkspace, type Workspace } from './support/workspace';

jest.setTimeout(10 * 60 * 1000);

interface Results {
  instrument: { type: string };
  benchmarks: { name: string; uri: string; config: { iterations: number[] }; stats: { instructions: number; est_cycles: number } }[];
}

const toolchains = [
  { label: 'go1.26.8 from PATH', env: {} },
  { label: 'go1.27.3 through GOTOOLCHAIN', env: { GOTOOLCHAIN: 'go1.27.3' } },
];

describe.each(toolchains)('simulation mode with $label', ({ env }) => {
  let ws: Workspace;
  const counts = async (folder: string) => {
    const run = await ws.nx(['run', 'sim:bench', '--mode=simulation', `--profileFolder=out/${folder}`], env);
    expect(run.exitCode).toBe(0);
    const [file] = ws.results(join('out', folder));
    const results = ws.readJson<Results>(file);
    expect(results.instrument.type).toBe('simulation');
    return Object.fromEntries(results.benchmarks.map((b) => [b.name, b.stats.instructions]));
  };
  let first: Record<string, number>;
  let second: Record<string, number>;

  beforeAll(async () => {
    ws = await createWorkspace('simulation', [
      { dir: 'sim', fixture: 'simulation', project: benchProject('sim') },
      { dir: 'svc', fixture: 'fixture', project: benchProject('svc', { bench: 'Sum|FNV' }) },
    ]);
    // With the plugin registered, its hooks merge a run's results into one file.
    const nxJson = join(ws.root, 'nx.json');
    writeFileSync(nxJson, JSON.stringify({ ...JSON.parse(readFileSync(nxJson, 'utf8')), plugins: ['nx-go-bench'] }, null, 2));
    first = await counts('first');
    second = await counts('second');
  });

  it('counts the same instructions in two runs, within 0.1%', () => {
    expect(Object.keys(first).sort()).toEqual(['BenchmarkWork', 'BenchmarkWorkLoop', 'BenchmarkWorkReset', 'BenchmarkWorkSetup', 'BenchmarkWorkTwice']);
    for (const name of Object.keys(first)) {
      expect(first[name]).toBeGreaterThan(1000);
      expect([name, Math.abs(second[name] / first[name] - 1) < 0.001]).toEqual([name, true]);
    }
  });

  it('counts twice the work as twice the instructions, within 1%', () => {
    expect(first.BenchmarkWorkTwice / first.BenchmarkWork).toBeGreaterThan(1.98);
    expect(first.BenchmarkWorkTwice / first.BenchmarkWork).toBeLessThan(2.02);
  });

  it('counts b.N and B.Loop alike, leaves out what StopTimer excludes and what comes before ResetTimer, within 1%', () => {
    for (const name of ['BenchmarkWorkLoop', 'BenchmarkWorkSetup', 'BenchmarkWorkReset']) {
      expect(Math.abs(first[name] / first.BenchmarkWork - 1)).toBeLessThan(0.01);
    }
  });

  it('merges the simulation results of a run-many into one file', async () => {
    const run = await ws.nx(['run-many', '-t', 'bench', '--mode=simulation', '--profileFolder=out/many'], env);
    expect(run.exitCode).toBe(0);
    const files = ws.results(join('out', 'many'));
    expect(files).toHaveLength(1);
    const results = ws.readJson<Results>(files[0]);
    expect(results.instrument.type).toBe('simulation');
    expect(results.benchmarks.map((b) => b.uri).sort()).toEqual(
      [
        'sim/work_test.go::BenchmarkWork',
        'sim/work_test.go::BenchmarkWorkLoop',
        'sim/work_test.go::BenchmarkWorkReset',
        'sim/work_test.go::BenchmarkWorkSetup',
        'sim/work_test.go::BenchmarkWorkTwice',
        'svc/fixture_test.go::BenchmarkSum',
        'svc/fixture_test.go::BenchmarkSumLoop',
        'svc/hash/hash_bench_test.go::BenchmarkFNV',
      ].sort(),
    );
    for (const b of results.benchmarks) expect(b.config.iterations).toEqual([100, 200]);
    const text = readFileSync(files[0].replace(/results\/(\d+)\.json$/, 'benchfmt/$1.txt'), 'utf8');
    expect(text).toMatch(/^BenchmarkWork\t100\t\d+ instructions\/op\t\d+ est-cycles\/op$/m);
    expect(text.match(/instructions\/op/g)).toHaveLength(8);
  });
});

describe('simulation mode refuses, before anything builds', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace('simrefuse', [{ dir: 'sim', fixture: 'simulation', project: benchProject('sim') }]);
  });

  it.each([
    ['-race', ['--args=-race'], 'Simulation mode (from option "mode") cannot count with -race in "args".'],
    // The check runs first, with the project's environment: a PATH without valgrind (nor go) fails it.
    ['no valgrind on PATH', ['--env.PATH=/nonexistent'], 'needs valgrind, and there is no "valgrind" command on PATH'],
  ])('%s', async (_, args, message) => {
    const run = await ws.nx(['run', 'sim:bench', '--mode=simulation', ...args, '--profileFolder=out/refused']);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toContain(message);
    expect(ws.results(join('out', 'refused'))).toEqual([]);
  });
});
