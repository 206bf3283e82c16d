import execa from 'execa';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFakeRunner, startFakeRunner, windowsOf, type RunnerEntry } from './support/fake-runner';
import { allUris, commitAll, git, monorepo, uris } from './support/monorepo';
import { repoRoot, workspacesDir } from './support/paths';
import { benchProject, createWorkspace, type Workspace } from './support/workspace';

jest.setTimeout(10 * 60 * 1000);

interface Results {
  benchmarks: { name: string; uri: string; stats: { rounds: number } }[];
}

const pluginVersion = (require(join(repoRoot, 'package.json')) as { version: string }).version;

/** The folder for a fake runner's pipes, in place of /tmp. */
const pipeFolder = () => mkdtempSync(join(workspacesDir, 'pipes-'));

/** Runs nx under a fake runner whose pipes are in a folder of their own, and returns the run and what the runner got. */
async function underRunner(ws: Workspace, args: string[], flags: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const dir = pipeFolder();
  const runner = await startFakeRunner(dir, flags);
  try {
    // The runner sets CODSPEED_ENV=runner for its command; test binaries speak to it only then.
    const run = await ws.nx(args, { CODSPEED_ENV: 'runner', NX_GO_BENCH_RUNNER_FIFO_DIR: dir, ...env });
    return { run, log: runner.log(), dir };
  } finally {
    await runner.stop();
  }
}

const kinds = (log: RunnerEntry[], kind: string) => log.filter((e) => e.msg.Kind === kind);

/** The results file's rounds by URI, checking that the profile folder holds exactly one. */
function roundsByUri(ws: Workspace, profile?: string): Map<string, number> {
  const files = ws.results(profile);
  expect(files).toHaveLength(1);
  return new Map(ws.readJson<Results>(files[0]).benchmarks.map((b) => [b.uri, b.stats.rounds]));
}

/** What the runner was told matches the results: every URI once, with one marker pair per round. */
function expectRunnerMatchesResults(log: RunnerEntry[], rounds: Map<string, number>): void {
  const windows = windowsOf(log);
  expect(windows.map((w) => w.uri).sort()).toEqual([...rounds.keys()].sort());
  for (const window of windows) expect([window.uri, window.rounds.length]).toEqual([window.uri, rounds.get(window.uri)]);
  // One handshake per test binary that ran a benchmark, with this plugin's name and version.
  const binaries = new Set(windows.map((w) => w.pid));
  expect(kinds(log, 'SetVersion').map((e) => e.msg.Number)).toEqual([...binaries].map(() => 2));
  expect(kinds(log, 'SetIntegration').map((e) => [e.msg.Name, e.msg.Version])).toEqual([...binaries].map(() => ['nx-go-bench', pluginVersion]));
}

beforeAll(buildFakeRunner);

describe('under a CodSpeed runner', () => {
  it.each([
    ['run-many --parallel=3', ['run-many', '-t', 'bench', '--parallel=3'], allUris],
    ['run-many --batch', ['run-many', '-t', 'bench', '--batch'], allUris],
    ['affected', ['affected', '-t', 'bench', '--base=main', '--head=HEAD'], [...uris.mathx, ...uris.api].sort()],
  ])('%s tells the runner of every benchmark once, as the merged results name it, one window at a time', async (_, args, expected) => {
    const ws = await monorepo();
    await git(ws, ['checkout', '-q', '-b', 'change']);
    appendFileSync(join(ws.root, 'libs/mathx/mathx.go'), '\n// changed\n');
    await commitAll(ws, 'change mathx');
    const { run, log } = await underRunner(ws, args);
    expect(run.exitCode).toBe(0);
    expect(run.all).not.toContain('CodSpeed runner:');
    const rounds = roundsByUri(ws);
    expect([...rounds.keys()].sort()).toEqual(expected);
    expectRunnerMatchesResults(log, rounds);

    // The merged results file has its environment beside it, and the tasks' own are merged into it.
    const profile = join(ws.root, 'dist', 'go-bench');
    const pid = /(\d+)\.json$/.exec(ws.results()[0])![1];
    expect(readdirSync(profile).filter((f) => f.startsWith('environment-'))).toEqual([`environment-${pid}.json`]);
    const go = ws.readJson<{ integration_environment: { go: Record<string, string> } }>(join(profile, `environment-${pid}.json`)).integration_environment.go;
    expect(go).toMatchObject({ version: 'go1.26.8', goos: 'linux', goarch: 'amd64', nx_go_bench: pluginVersion });
  });

  describe('with the fixture', () => {
    let ws: Workspace;
    beforeAll(async () => {
      ws = await createWorkspace('codspeed', [
        { dir: 'svc', fixture: 'fixture', project: benchProject('svc', { benchtime: '10ms' }) },
        { dir: 'hostile', fixture: 'hostile', project: benchProject('hostile', { benchtime: '10ms' }) },
      ]);
    });

    it('gives -cpu lists, -count, sub-benchmarks, B.Loop and RunParallel the URIs and rounds of the results', async () => {
      const { run, log } = await underRunner(ws, ['run', 'svc:bench', '--count=2', '--cpu=1,2', '--profileFolder=out/matrix']);
      expect(run.exitCode).toBe(0);
      const rounds = roundsByUri(ws, join('out', 'matrix'));
      expect(rounds.size).toBe(22);
      expect([...rounds.keys()]).toContain('svc/fixture_test.go::BenchmarkSizes::nested::deep-1');
      expect([...rounds.keys()]).toContain('svc/fixture_test.go::BenchmarkParallel-2');
      expectRunnerMatchesResults(log, rounds);
    });

    it('names encoded sub-benchmarks as the results do, and leaves out a URI too long for a message, saying so once', async () => {
      const { run, log } = await underRunner(ws, ['run', 'hostile:bench', '--bench=^Benchmark(Names|LongName)$', '--profileFolder=out/names']);
      expect(run.exitCode).toBe(0);
      const rounds = roundsByUri(ws, join('out', 'names'));
      const long = `hostile/hostile_test.go::BenchmarkLongName::${'x'.repeat(1100)}`;
      expect([...rounds.keys()].sort()).toEqual(
        [
          'hostile/hostile_test.go::BenchmarkNames::a%3A%3Ab',
          'hostile/hostile_test.go::BenchmarkNames::a::b',
          long,
          'hostile/hostile_test.go::BenchmarkLongName::short',
        ].sort(),
      );
      rounds.delete(long);
      expectRunnerMatchesResults(log, rounds);
      expect(log.every((e) => e.bytes <= 1024)).toBe(true);
      const notes = run.all!.split('\n').filter((line) => line.startsWith('nx-go-bench: CodSpeed runner:'));
      expect(notes).toEqual([
        `nx-go-bench: CodSpeed runner: BenchmarkLongName/${'x'.repeat(1100)} is not profiled: its URI is ${long.length} bytes long, and a message to the runner carries at most 1004`,
      ]);
    });

    it.each([
      ['answers Err', ['-answer', 'err'], 'the runner answered SetVersion with an error'],
      ['never answers', ['-answer', 'silent'], 'the runner did not answer SetVersion within 2s'],
      ['announces simulation', ['-mode', 'simulation'], 'the runner measures in simulation mode, and nx-go-bench reports to it in walltime mode only'],
    ])('when the runner %s, measures as usual, tries once per task, and warns once', async (label, flags, why) => {
      const folder = `out/${label.replace(/ /g, '-')}`;
      const { run, log } = await underRunner(ws, ['run', 'svc:bench', '--bench=Sum$|FNV', `--profileFolder=${folder}`], flags);
      expect(run.exitCode).toBe(0);
      // Two test binaries ran (svc and svc/hash); the first gave up on the runner, the second did not try.
      expect([...roundsByUri(ws, folder).keys()].sort()).toEqual(['svc/fixture_test.go::BenchmarkSum', 'svc/hash/hash_bench_test.go::BenchmarkFNV']);
      expect(kinds(log, 'SetVersion')).toHaveLength(1);
      expect(kinds(log, 'StartBenchmark')).toHaveLength(0);
      const warnings = run.all!.split('\n').filter((line) => line.includes('CodSpeed runner:'));
      expect(warnings).toEqual([`nx-go-bench: CodSpeed runner: ${why}. The benchmarks were measured as usual, but not profiled from then on.`]);
    });

    it('goes on at once past pipes a runner left behind', async () => {
      const dir = pipeFolder();
      const runner = await startFakeRunner(dir);
      await runner.stop();
      expect(readdirSync(dir).sort()).toEqual(['runner.ack.fifo', 'runner.ctl.fifo']);
      const run = await ws.nx(['run', 'svc:bench', '--bench=FNV', '--profileFolder=out/stale'], { CODSPEED_ENV: 'runner', NX_GO_BENCH_RUNNER_FIFO_DIR: dir });
      expect(run.exitCode).toBe(0);
      expect(run.all).not.toContain('CodSpeed runner');
      expect([...roundsByUri(ws, join('out', 'stale')).keys()]).toEqual(['svc/hash/hash_bench_test.go::BenchmarkFNV']);
    });

    it('never speaks to a runner it was not started by: without CODSPEED_ENV=runner the pipes stay untouched', async () => {
      const { run, log } = await underRunner(ws, ['run', 'svc:bench', '--bench=FNV', '--profileFolder=out/foreign-runner'], [], { CODSPEED_ENV: '' });
      expect(run.exitCode).toBe(0);
      expect(log).toEqual([]);
      expect([...roundsByUri(ws, join('out', 'foreign-runner')).keys()]).toEqual(['svc/hash/hash_bench_test.go::BenchmarkFNV']);
    });

    it.each([
      ['a symbolic link to a file', (ctl: string, victim: string) => symlinkSync(victim, ctl), 'is a symbolic link, not the runner\'s named pipe'],
      ['a regular file', (ctl: string, victim: string) => copyFileSync(victim, ctl), 'is not a named pipe'],
    ])('writes nothing through a control pipe that is %s, and says so once', async (label, put, why) => {
      const dir = pipeFolder();
      const victim = join(dir, 'victim.txt');
      const content = 'precious content, longer than sixteen bytes\n';
      writeFileSync(victim, content);
      const ctl = join(dir, 'runner.ctl.fifo');
      put(ctl, victim);
      await execa('mkfifo', [join(dir, 'runner.ack.fifo')]);
      const folder = `out/not-a-pipe-${label.replace(/\W+/g, '-')}`;
      const run = await ws.nx(['run', 'svc:bench', '--bench=Sum$|FNV', `--profileFolder=${folder}`], { CODSPEED_ENV: 'runner', NX_GO_BENCH_RUNNER_FIFO_DIR: dir });
      expect(run.exitCode).toBe(0);
      expect(readFileSync(victim, 'utf8')).toBe(content);
      expect(readFileSync(ctl, 'utf8')).toBe(content);
      const warnings = run.all!.split('\n').filter((line) => line.includes('CodSpeed runner:'));
      expect(warnings).toEqual([`nx-go-bench: CodSpeed runner: ${ctl} ${why}. The benchmarks were measured as usual, but not profiled from then on.`]);
      expect([...roundsByUri(ws, folder).keys()].sort()).toEqual(['svc/fixture_test.go::BenchmarkSum', 'svc/hash/hash_bench_test.go::BenchmarkFNV']);
    });

    it("talks to a runner at /tmp, the real runner's place, with CodSpeed's go shim first on PATH", async () => {
      // Under `codspeed run`, a go on PATH hands go test to CodSpeed's own Go runner: the plugin runs GOROOT/bin/go.
      const shimDir = mkdtempSync(join(workspacesDir, 'codspeed_introspected_go-'));
      const calls = join(shimDir, 'calls.txt');
      const realGo = (await execa('go', ['env', 'GOROOT'])).stdout.trim() + '/bin/go';
      writeFileSync(join(shimDir, 'go'), `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${realGo}' "$@"\n`);
      chmodSync(join(shimDir, 'go'), 0o755);
      const runner = await startFakeRunner('/tmp');
      let run: execa.ExecaReturnValue;
      try {
        run = await ws.nx(['run', 'svc:bench', '--bench=FNV', '--profileFolder=out/tmp'], { CODSPEED_ENV: 'runner', PATH: `${shimDir}:${process.env.PATH}` });
      } finally {
        await runner.stop();
      }
      expect(run.exitCode).toBe(0);
      const executed = kinds(runner.log(), 'ExecutedBenchmark').map((e) => e.msg.URI);
      expect(executed).toContain('svc/hash/hash_bench_test.go::BenchmarkFNV');
      const shimCalls = existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [];
      expect(shimCalls.length).toBeGreaterThan(0);
      expect(shimCalls.filter((line) => line.startsWith('test'))).toEqual([]);
    });
  });
});

