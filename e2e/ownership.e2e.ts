import execa from 'execa';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './support/processes';
import { benchProject, createWorkspace, type Workspace } from './support/workspace';

jest.setTimeout(10 * 60 * 1000);

/**
 * What a run may remove: only the files its own tasks wrote in this
 * invocation, once merged. Other tools' results, runs still going and
 * earlier runs stay: earlier runs of the plugin move to history/.
 */

interface Results {
  creator: { name: string };
  benchmarks: { uri: string }[];
}

const gateUris = ['gate/gate_test.go::BenchmarkSteady', 'gate/gate_test.go::BenchmarkWork'];
const svcUris = ['svc/hash/hash_bench_test.go::BenchmarkFNV'];

async function workspace(name: string): Promise<Workspace> {
  const ws = await createWorkspace(name, [
    { dir: 'gate', fixture: 'gate', project: benchProject('gate', { benchtime: '20ms' }) },
    { dir: 'svc', fixture: 'fixture', project: benchProject('svc', { benchtime: '20ms', bench: 'FNV' }) },
  ]);
  const nxJson = ws.readJson<object>(join(ws.root, 'nx.json'));
  writeFileSync(join(ws.root, 'nx.json'), JSON.stringify({ ...nxJson, plugins: ['nx-go-bench'], targetDefaults: { bench: { cache: false } } }, null, 2));
  return ws;
}

/** Every file under dir, relative to it, sorted. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(dir.length + 1))
    .sort();
}

const urisOf = (ws: Workspace, file: string) => ws.readJson<Results>(file).benchmarks.map((b) => b.uri).sort();

/** The results file the run's last line names, which must exist. */
function namedResults(ws: Workspace, output: string): string {
  const match = /nx-go-bench: \d+ benchmarks? of \d+ tasks? in (\S+\.json)/.exec(output);
  if (!match) throw new Error(`no merge line in:\n${output.slice(-3000)}`);
  const file = join(ws.root, match[1]);
  expect(existsSync(file)).toBe(true);
  return file;
}

const historyRuns = (ws: Workspace, profile = 'dist/go-bench') => {
  const dir = join(ws.root, profile, 'history');
  return existsSync(dir) ? readdirSync(dir).filter((n) => !n.startsWith('.')).sort() : [];
};

describe('a run removes only what its own tasks wrote', () => {
  it('keeps the results of a run-many that another nx run overtakes between its tasks', async () => {
    const ws = await workspace('overtaken');
    const results = join(ws.root, 'dist', 'go-bench', 'results');
    // Each task of the run-many stops for 6 s at each file it writes, with its results written under a temporary name.
    const slow = ws.nx(['run-many', '-t', 'bench', '--parallel=1'], { NX_GO_BENCH_TEST_PAUSE: "results:6000" });
    const entries = () => (existsSync(results) ? readdirSync(results) : []);
    await waitFor('the second task of the run-many to pause', () => entries().filter((f) => f.endsWith('.json')).length === 1 && entries().some((f) => f.endsWith('.tmp')), 120_000);
    const other = await ws.nx(['run', 'gate:bench', '--bench=Steady']);
    expect(other.exitCode).toBe(0);
    const otherFile = namedResults(ws, other.all!);
    expect(urisOf(ws, otherFile)).toEqual(['gate/gate_test.go::BenchmarkSteady']);
    const run = await slow;
    expect(run.exitCode).toBe(0);
    const merged = namedResults(ws, run.all!);
    expect(urisOf(ws, merged)).toEqual([...gateUris, ...svcUris].sort());
    expect(readdirSync(results)).toEqual([merged.slice(results.length + 1)]);
    // The other run's results moved to history/, whole, when the run-many merged.
    const [moved, ...more] = historyRuns(ws);
    expect(more).toEqual([]);
    const name = otherFile.slice(results.length + 1, -'.json'.length);
    expect(tree(join(ws.root, 'dist', 'go-bench', 'history', moved))).toEqual([`benchfmt/${name}.txt`, `environment-${name}.json`, `results/${name}.json`]);
  });

  it('never touches another tool\'s results in CODSPEED_PROFILE_FOLDER, and compare skips them', async () => {
    const ws = await workspace('foreign');
    const profile = join(ws.root, 'profile');
    mkdirSync(join(profile, 'results'), { recursive: true });
    const pytest = JSON.stringify({ creator: { name: 'pytest-codspeed', version: '4.2.0', pid: 4242 }, instrument: { type: 'walltime' }, benchmarks: [] });
    writeFileSync(join(profile, 'results', '4242.json'), pytest);
    for (let i = 0; i < 2; i++) {
      const run = await ws.nx(['run-many', '-t', 'bench'], { CODSPEED_PROFILE_FOLDER: profile });
      expect(run.exitCode).toBe(0);
    }
    expect(readFileSync(join(profile, 'results', '4242.json'), 'utf8')).toBe(pytest);
    const ours = readdirSync(join(profile, 'results')).filter((f) => f !== '4242.json');
    expect(ours).toHaveLength(1);
    expect(historyRuns(ws, 'profile')).toHaveLength(1);
    const compare = await execa(join(ws.root, 'node_modules', '.bin', 'nx-go-bench'), ['compare', 'profile', 'profile'], { cwd: ws.root, reject: false, all: true });
    expect(compare.exitCode).toBe(0);
    expect(compare.all).toMatch(/BenchmarkFNV-\d+ .* ~/);
  });

  it('keeps every run for history: three runs of the README recipe read as three', async () => {
    const ws = await workspace('nightly');
    for (let i = 0; i < 3; i++) {
      const run = await ws.nx(['run-many', '-t', 'bench', '--profileFolder=dist/nightly']);
      expect(run.exitCode).toBe(0);
      expect(run.all).toContain(i === 0 ? 'in dist/nightly/results/' : '1 earlier run moved to dist/nightly/history/');
    }
    expect(ws.results(join('dist', 'nightly'))).toHaveLength(1);
    expect(historyRuns(ws, 'dist/nightly')).toHaveLength(2);
    const history = await execa(join(ws.root, 'node_modules', '.bin', 'nx-go-bench'), ['history', 'dist/nightly'], { cwd: ws.root, reject: false, all: true });
    expect(history.exitCode).toBe(0);
    const fnv = history.all!.split('\n').find((l) => l.startsWith('BenchmarkFNV'))!;
    expect(fnv.trim().split(/\s+/).slice(1).filter((v) => Number(v) > 0)).toHaveLength(3);
  });

  it('moves nothing under CodSpeed\'s runner, where every results file of the session is uploaded', async () => {
    const ws = await workspace('session');
    const fifos = join(ws.root, 'no-runner');
    mkdirSync(fifos);
    const env = { CODSPEED_ENV: 'runner', CODSPEED_PROFILE_FOLDER: join(ws.root, 'session'), NX_GO_BENCH_RUNNER_FIFO_DIR: fifos };
    expect((await ws.nx(['run', 'gate:bench'], env)).exitCode).toBe(0);
    expect((await ws.nx(['run', 'svc:bench'], env)).exitCode).toBe(0);
    const files = ws.results('session');
    expect(files).toHaveLength(2);
    expect(files.flatMap((f) => urisOf(ws, f)).sort()).toEqual([...gateUris, ...svcUris].sort());
    expect(historyRuns(ws, 'session')).toEqual([]);
  });
});

describe('the line that ends a run', () => {
  it('names the merged file with and without the Nx daemon', async () => {
    const ws = await workspace('daemon');
    const off = await ws.nx(['run-many', '-t', 'bench']);
    expect(off.exitCode).toBe(0);
    expect(urisOf(ws, namedResults(ws, off.all!))).toEqual([...gateUris, ...svcUris].sort());
    try {
      // With the daemon, the hooks run in it and their output goes to its log: the last task says it.
      const on = await ws.nx(['run-many', '-t', 'bench', '--output-style=stream'], { NX_DAEMON: 'true', CI: 'false' });
      expect(on.exitCode).toBe(0);
      const file = namedResults(ws, on.all!);
      expect(urisOf(ws, file)).toEqual([...gateUris, ...svcUris].sort());
      expect(ws.results()).toEqual([file]);
    } finally {
      await ws.nx(['daemon', '--stop'], { NX_DAEMON: 'true', CI: 'false' });
    }
  });

  it('fails a run whose tasks would mix modes in one profile folder, before anything is measured', async () => {
    const ws = await workspace('modes');
    const project = join(ws.root, 'svc', 'project.json');
    writeFileSync(project, JSON.stringify(benchProject('svc', { benchtime: '20ms', bench: 'FNV', mode: 'memory' })));
    const run = await ws.nx(['run-many', '-t', 'bench']);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toContain('svc:bench measures in memory mode, and other tasks of this run write other modes\' results into the same profile folder, dist/go-bench.');
    expect(run.all).toContain('gate:bench measures in walltime mode');
    expect(existsSync(join(ws.root, 'dist'))).toBe(false);
  });
});
