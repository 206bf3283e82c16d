import execa from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    // valgrind's warnings about the machine's caches, which the cache options replace, stay out of the output.
    expect(run.all).not.toContain('cache found');
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

describe("simulation mode under CodSpeed's runner, which runs the whole command under callgrind", () => {
  let ws: Workspace;
  let run: execa.ExecaReturnValue;
  let profile: string;
  let shimCalls: string;
  // Each callgrind dump the test binaries asked for, by its name: the runner's output files hold one part per dump.
  let dumps: Map<string, number[]>;

  beforeAll(async () => {
    ws = await createWorkspace('simrunner', [{ dir: 'sim', fixture: 'simulation', project: benchProject('sim') }]);
    profile = join(ws.root, 'out', 'codspeed');
    mkdirSync(profile, { recursive: true });
    // The runner's go script, which fails every command in simulation mode; here it also notes each call.
    const shim = join(mkdtempSync(join(ws.root, 'tmp-')), 'codspeed_introspected_go');
    mkdirSync(shim);
    shimCalls = join(shim, 'calls.txt');
    writeFileSync(join(shim, 'go'), `#!/bin/sh\necho "$*" >> '${shimCalls}'\necho "CRITICAL: Go benchmarks can only be run with the walltime instrument"\nexit 1\n`, {
      mode: 0o755,
    });
    // The runner's valgrind command line (src/run/runner/valgrind/measure.rs of CodSpeedHQ/runner), less its --obj-skip list.
    const valgrind = [
      'valgrind',
      '--tool=callgrind',
      '--trace-children=yes',
      '--cache-sim=yes',
      '--I1=32768,8,64',
      '--D1=32768,8,64',
      '--LL=8388608,16,64',
      '--instr-atstart=no',
      '--collect-systime=nsec',
      '--compress-strings=no',
      '--combine-dumps=yes',
      '--dump-line=no',
      '--trace-children-skip=*esbuild',
      `--callgrind-out-file=${join(profile, '%p.out')}`,
      `--log-file=${join(profile, 'valgrind.log')}`,
    ];
    run = await ws.nx(
      ['run', 'sim:bench'],
      { CODSPEED_ENV: 'runner', CODSPEED_RUNNER_MODE: 'instrumentation', CODSPEED_PROFILE_FOLDER: profile, PATH: `${shim}:${process.env.PATH}` },
      valgrind,
    );
    dumps = new Map();
    for (const file of readdirSync(profile).filter((f) => f.endsWith('.out'))) {
      for (const part of readFileSync(join(profile, file), 'utf8').split(/^(?=desc: Trigger:)/m)) {
        const name = /^desc: Trigger: Client Request: (.*)$/m.exec(part)?.[1];
        const ir = /^totals: (\d+)/m.exec(part)?.[1];
        if (name !== undefined) dumps.set(name, [...(dumps.get(name) ?? []), Number(ir)]);
      }
    }
  });

  it('runs the task under that valgrind, past the go script, and writes no results file', () => {
    expect(run.exitCode).toBe(0);
    expect(run.all).toContain('5 benchmarks of sim counted with go1.26.8 under the valgrind this task runs in');
    expect(existsSync(shimCalls)).toBe(false);
    expect(existsSync(join(profile, 'results'))).toBe(false);
  });

  it('leaves one dump per benchmark, named by its bare URI, for the runner to collect', () => {
    expect([...dumps.keys()].sort()).toEqual([
      'sim/work_test.go::BenchmarkWork',
      'sim/work_test.go::BenchmarkWorkLoop',
      'sim/work_test.go::BenchmarkWorkReset',
      'sim/work_test.go::BenchmarkWorkSetup',
      'sim/work_test.go::BenchmarkWorkTwice',
    ]);
    for (const counts of dumps.values()) expect(counts).toHaveLength(1);
  });

  it('counts the work of one iteration per dump, and not what the timer excludes', () => {
    // The runner's callgrind collects in every thread, so other threads add a varying few thousand
    // instructions: the bounds tell counted work (6000 for work(1000)) from excluded work (60000 and
    // 6000000) and from nothing.
    const ir = (name: string) => dumps.get(`sim/work_test.go::${name}`)![0];
    for (const name of ['BenchmarkWork', 'BenchmarkWorkLoop', 'BenchmarkWorkSetup', 'BenchmarkWorkReset']) {
      expect([name, ir(name) >= 6000 && ir(name) < 30000]).toEqual([name, true]);
    }
    expect(ir('BenchmarkWorkTwice') - ir('BenchmarkWork')).toBeGreaterThan(3000);
    expect(ir('BenchmarkWorkTwice')).toBeLessThan(40000);
  });
});
