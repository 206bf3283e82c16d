import execa from 'execa';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './support/paths';
import { allUris, commitAll, git, monorepo, uris, type Results } from './support/monorepo';
import { expectWalltimeFormat } from './support/results-format';
import type { Workspace } from './support/workspace';

jest.setTimeout(10 * 60 * 1000);

const sortedUris = (ws: Workspace, file: string) => ws.readJson<Results>(file).benchmarks.map((b) => b.uri).sort();

async function jsonOf<T>(ws: Workspace, args: string[]): Promise<T> {
  const run = await ws.nx(args);
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout) as T;
}

describe('inferred bench targets in a Go monorepo', () => {
  let ws: Workspace;

  beforeAll(async () => {
    ws = await monorepo();
  });

  it('gives a bench target to exactly the modules with benchmarks', async () => {
    const all = await jsonOf<string[]>(ws, ['show', 'projects', '--json']);
    expect(all.sort()).toEqual(['api', 'legacy-tool', 'mathx', 'strutil', 'worker']);
    const withBench = await jsonOf<string[]>(ws, ['show', 'projects', '--with-target', 'bench', '--json']);
    expect(withBench.sort()).toEqual(['api', 'legacy-tool', 'mathx', 'worker']);
  });

  it('shows the target with its options, not cacheable, and keeps project.json names and targets', async () => {
    const api = await jsonOf<{ targets: Record<string, any> }>(ws, ['show', 'project', 'api', '--json']);
    expect(api.targets.bench).toMatchObject({ executor: 'nx-go-bench:bench', options: { benchtime: '20ms' }, cache: false });
    expect(api.targets.bench.inputs).toEqual(expect.arrayContaining(['{projectRoot}/**/*.go', '{projectRoot}/go.mod', '{workspaceRoot}/go.work']));
    const legacy = await jsonOf<{ name: string; targets: Record<string, any> }>(ws, ['show', 'project', 'legacy-tool', '--json']);
    expect(legacy.name).toBe('legacy-tool');
    expect(Object.keys(legacy.targets).sort()).toEqual(['bench', 'hello']);
  });

  it('draws edges for go.work requires and local replaces', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'graph-')), 'graph.json');
    expect((await ws.nx(['graph', `--file=${file}`])).exitCode).toBe(0);
    const deps = JSON.parse(readFileSync(file, 'utf8')).graph.dependencies as Record<string, { target: string }[]>;
    expect(deps.api.map((d) => d.target)).toEqual(['mathx']);
    expect(deps.worker.map((d) => d.target)).toEqual(['strutil']);
    expect(deps.mathx).toEqual([]);
    expect(deps['legacy-tool']).toEqual([]);
  });

  it.each([
    ['libs/mathx/mathx.go', ['api', 'mathx']],
    ['libs/strutil/strutil.go', ['worker']],
    ['tools/legacy/legacy_test.go', ['legacy-tool']],
    ['go.work', ['api', 'legacy-tool', 'mathx', 'worker']],
  ])('after a change in %s, affected bench projects are %j', async (file, expected) => {
    await git(ws, ['checkout', '-q', '-B', `change-${file.replace(/\W/g, '-')}`, 'main']);
    appendFileSync(join(ws.root, file), '\n// changed\n');
    await commitAll(ws, `change ${file}`);
    const affected = await jsonOf<string[]>(ws, ['show', 'projects', '--affected', '--base=main', '--head=HEAD', '--with-target', 'bench', '--json']);
    expect(affected.sort()).toEqual(expected);
    await git(ws, ['checkout', '-q', 'main']);
  });

  it('builds a go.work module with Go 1.27.3 through GOTOOLCHAIN', async () => {
    const run = await ws.nx(['run', 'api:bench', '--profileFolder=out/go127'], { GOTOOLCHAIN: 'go1.27.3' });
    expect(run.exitCode).toBe(0);
    expect(run.all).toContain('measured with go1.27.3');
    expect(sortedUris(ws, ws.results(join('out', 'go127'))[0])).toEqual(uris.api);
  });

  it('runs nx affected -t bench into one results file holding exactly the affected benchmarks', async () => {
    await git(ws, ['checkout', '-q', '-B', 'affected-run', 'main']);
    appendFileSync(join(ws.root, 'libs/mathx/mathx.go'), '\n// changed again\n');
    await commitAll(ws, 'change mathx');
    const run = await ws.nx(['affected', '-t', 'bench', '--base=main', '--head=HEAD']);
    expect(run.exitCode).toBe(0);
    const files = ws.results();
    expect(files).toHaveLength(1);
    expect(sortedUris(ws, files[0])).toEqual([...uris.mathx, ...uris.api].sort());
    await git(ws, ['checkout', '-q', 'main']);
  });
});

describe('run-many over the monorepo', () => {
  it.each([
    ['--parallel=3, one process per task', ['--parallel=3']],
    ['--batch, one process for all tasks', ['--batch']],
  ])('%s: one results file with every benchmark once, and no measurement overlapping anything', async (_, flags) => {
    const ws = await monorepo();
    const trace = join(ws.root, 'lock-trace.txt');
    const run = await ws.nx(['run-many', '-t', 'bench', ...flags], { NX_GO_BENCH_LOCK_TRACE: trace });
    expect(run.exitCode).toBe(0);
    const files = ws.results();
    expect(files).toHaveLength(1);
    expectWalltimeFormat(ws.readJson(files[0]));
    expect(sortedUris(ws, files[0])).toEqual(allUris);

    const holds = readFileSync(trace, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [kind, pid, start, end] = line.split(' ');
        return { kind, pid, start: Number(start), end: Number(end) };
      });
    const exclusive = holds.filter((h) => h.kind === 'exclusive');
    expect(exclusive).toHaveLength(4);
    expect(holds.filter((h) => h.kind === 'shared')).toHaveLength(4);
    const overlaps = exclusive.flatMap((x) => holds.filter((h) => h !== x && h.start < x.end && x.start < h.end).map((h) => [x, h]));
    expect(overlaps).toEqual([]);
  });

  it('keeps the results of passing projects when one fails, and fails that task with its own error', async () => {
    const ws = await monorepo();
    cpSync(join(repoRoot, 'testdata', 'failing'), join(ws.root, 'services', 'flaky'), { recursive: true });
    writeFileSync(
      join(ws.root, 'services', 'flaky', 'project.json'),
      JSON.stringify({ name: 'flaky', targets: { bench: { options: { env: { GOWORK: 'off' } } } } }),
    );
    await commitAll(ws, 'add flaky');
    const run = await ws.nx(['run-many', '-t', 'bench']);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toMatch(/flaky: BenchmarkFatal, BenchmarkPanic-\d+ failed/);
    expect(run.all).toMatch(/Failed tasks:\s+- flaky:bench\s/);
    const files = ws.results();
    expect(files).toHaveLength(1);
    expect(sortedUris(ws, files[0])).toEqual(
      [...allUris, 'services/flaky/failing_test.go::BenchmarkOK', 'services/flaky/failing_test.go::BenchmarkOK2'].sort(),
    );
  });

  it('merges two shards run with separate profile folders into the URI set of one unsharded run', async () => {
    const ws = await monorepo();
    const shards = [
      ['mathx', 'api'],
      ['worker', 'legacy-tool'],
    ];
    for (const [i, projects] of shards.entries()) {
      const run = await ws.nx(['run-many', '-t', 'bench', `--projects=${projects.join(',')}`], { CODSPEED_PROFILE_FOLDER: join(ws.root, 'out', `shard-${i}`) });
      expect(run.exitCode).toBe(0);
    }
    const merge = await execa(join(ws.root, 'node_modules', '.bin', 'nx-go-bench'), ['merge', 'out/shard-0', 'out/shard-1', '--out', 'out/merged'], {
      cwd: ws.root,
      reject: false,
    });
    expect(merge.exitCode).toBe(0);
    const merged = ws.results(join('out', 'merged'));
    expect(merged).toHaveLength(1);
    expectWalltimeFormat(ws.readJson(merged[0]));

    const unsharded = await ws.nx(['run-many', '-t', 'bench'], { CODSPEED_PROFILE_FOLDER: join(ws.root, 'out', 'all') });
    expect(unsharded.exitCode).toBe(0);
    const all = ws.results(join('out', 'all'));
    expect(all).toHaveLength(1);
    expect(sortedUris(ws, merged[0])).toEqual(sortedUris(ws, all[0]));
    expect(sortedUris(ws, merged[0])).toEqual(allUris);
  });

  it('refuses to merge a shard folder without results', async () => {
    const ws = await monorepo();
    const merge = await execa(join(ws.root, 'node_modules', '.bin', 'nx-go-bench'), ['merge', 'out/missing', '--out', 'out/merged'], {
      cwd: ws.root,
      reject: false,
      all: true,
    });
    expect(merge.exitCode).toBe(1);
    expect(merge.all).toContain('out/missing holds no results/*.json');
    expect(existsSync(join(ws.root, 'out', 'merged'))).toBe(false);
  });
});

describe('plugin options', () => {
  it('renames the inferred target', async () => {
    const ws = await monorepo({ plugin: 'nx-go-bench', options: { targetName: 'perf' } });
    const api = await jsonOf<{ targets: Record<string, unknown> }>(ws, ['show', 'project', 'api', '--json']);
    expect(Object.keys(api.targets)).toEqual(['perf']);
  });

  it('adds no target with targetName false, and works as a plain string entry', async () => {
    const off = await monorepo({ plugin: 'nx-go-bench', options: { targetName: false } });
    expect(await jsonOf<string[]>(off, ['show', 'projects', '--with-target', 'bench', '--json'])).toEqual([]);
    const plain = await monorepo('nx-go-bench');
    const api = await jsonOf<{ targets: Record<string, any> }>(plain, ['show', 'project', 'api', '--json']);
    expect(api.targets.bench.options).toEqual({});
    rmSync(join(plain.root, '.nx'), { recursive: true, force: true });
  });
});
