import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import execa from 'execa';
import { pluginCacheDir } from './support/paths';
import { expectWalltimeFormat } from './support/results-format';
import { benchProject, createWorkspace, type Workspace } from './support/workspace';

jest.setTimeout(10 * 60 * 1000);

interface Results {
  benchmarks: { name: string; uri: string; stats: Record<string, number> }[];
}

describe('bench executor options and isolation (go1.26.8)', () => {
  let ws: Workspace;

  beforeAll(async () => {
    ws = await createWorkspace('options', [{ dir: 'svc', fixture: 'fixture', project: benchProject('svc', { benchtime: '20ms', bench: 'FNV|Spin' }) }]);
  });

  it('takes every option from the nx command line', async () => {
    const run = await ws.nx([
      'run',
      'svc:bench',
      '--bench=FNV',
      '--benchtime=20x',
      '--packages=./hash',
      '--profileFolder=out/custom',
      `--cacheDir=${pluginCacheDir}`,
      '--mode=walltime',
      '--benchmem',
      '--env.GOFLAGS=-tags=e2etag',
    ], { NX_GO_BENCH_CACHE_DIR: '/proc/nx-go-bench-not-writable' });
    expect(run.exitCode).toBe(0);
    expect(run.all).toMatch(/^BenchmarkFNV-\d+\s+20\s+[\d.]+ ns\/op\s+[\d.]+ MB\/s\s+\d+ B\/op\s+\d+ allocs\/op$/m);
    const files = ws.results(join('out', 'custom'));
    expect(files).toHaveLength(1);
    const results = ws.readJson<Results>(files[0]);
    expectWalltimeFormat(results);
    expect(results.benchmarks.map((b) => b.uri)).toEqual(['svc/hash/hash_bench_test.go::BenchmarkFNV']);
    expect(results.benchmarks[0].stats.rounds).toBe(1);
    expect(results.benchmarks[0].stats.iter_per_round).toBe(20);
  });

  it('passes env to go: GOFLAGS build tags select a gated benchmark', async () => {
    const run = await ws.nx(['run', 'svc:bench', '--bench=Tagged', '--profileFolder=out/tagged', '--env.GOFLAGS=-tags=e2etag']);
    expect(run.exitCode).toBe(0);
    const results = ws.readJson<Results>(ws.results(join('out', 'tagged'))[0]);
    expect(results.benchmarks.map((b) => b.uri)).toEqual(['svc/tagged_test.go::BenchmarkTagged']);
  });

  it('writes to CODSPEED_PROFILE_FOLDER', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'codspeed-profile-'));
    const run = await ws.nx(['run', 'svc:bench', '--bench=FNV'], { CODSPEED_PROFILE_FOLDER: folder });
    expect(run.exitCode).toBe(0);
    expect(readdirSync(join(folder, 'results'))).toHaveLength(1);
  });

  it('builds with CGO_ENABLED=0 and no C compiler', async () => {
    const run = await ws.nx(['run', 'svc:bench', '--bench=FNV', '--profileFolder=out/nocgo'], {
      CGO_ENABLED: '0',
      CC: '/nonexistent/cc',
    });
    expect(run.exitCode).toBe(0);
    expect(ws.results(join('out', 'nocgo'))).toHaveLength(1);
  });

  it("puts no build output into the user's GOCACHE", async () => {
    const gocache = mkdtempSync(join(tmpdir(), 'user-gocache-'));
    const run = await ws.nx(['run', 'svc:bench', '--bench=FNV', '--profileFolder=out/gocache'], { GOCACHE: gocache });
    expect(run.exitCode).toBe(0);
    expect(readdirSync(gocache, { recursive: true })).toEqual([]);
  });

});

describe('module cache and interruption (go1.26.8)', () => {
  let ws: Workspace;

  beforeAll(async () => {
    ws = await createWorkspace('modcache', [
      { dir: 'withdep', fixture: 'withdep', project: benchProject('withdep', { benchtime: '20ms' }) },
      { dir: 'svc', fixture: 'fixture', project: benchProject('svc', { bench: 'Spin', benchtime: '37s' }) },
    ]);
  });

  it("fills the plugin's module cache from the user's download cache, with no proxy", async () => {
    // The user's own go command downloads the dependency into the user's cache.
    const userModCache = mkdtempSync(join(tmpdir(), 'user-modcache-'));
    const pluginCache = mkdtempSync(join(tmpdir(), 'plugin-cache-'));
    await execa('go', ['mod', 'download'], { cwd: join(ws.root, 'withdep'), env: { GOMODCACHE: userModCache, GOFLAGS: '-modcacherw' } });
    const run = await ws.nx(['run', 'withdep:bench', `--cacheDir=${pluginCache}`, '--profileFolder=out/withdep'], {
      GOMODCACHE: userModCache,
      GOPROXY: 'off',
      GOFLAGS: '-modcacherw',
    });
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(pluginCache, 'mod', 'github.com', 'google', 'uuid@v1.6.0', 'uuid.go'))).toBe(true);
    const results = ws.readJson<Results>(ws.results(join('out', 'withdep'))[0]);
    expect(results.benchmarks.map((b) => b.uri)).toEqual(['withdep/id_test.go::BenchmarkNewUUID']);
  });

  it('stops go test and its benchmark binary when nx is interrupted', async () => {
    const nx = ws.nx(['run', 'svc:bench']);
    const pgrep = async (pattern: string) => (await execa('pgrep', ['-f', '--', pattern], { reject: false })).stdout.trim();
    // The preflight `go run` carries the same -test.benchtime for a moment, so waiting on that flag
    // alone can see the preflight and miss the binary: wait for the compiled `<pkg>.test` itself.
    const running = () => pgrep('^[^ ]+[.]test .*-test[.]benchtime=37s');
    let exited = false;
    nx.finally(() => (exited = true)).catch(() => undefined);
    // Up to three minutes: on a loaded 2-core machine the build can be slow, and it waits for any
    // measurement that holds the lock.
    for (let i = 0; i < 720 && !exited && (await running()) === ''; i++) await new Promise((r) => setTimeout(r, 250));
    if (exited) throw new Error(`nx ended before the benchmark binary started:\n${(await nx).all}`);
    expect(await running()).not.toBe('');
    nx.kill('SIGTERM');
    const run = await nx;
    expect(run.exitCode).not.toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await running()).toBe('');
    expect(await pgrep('-test[.]benchtime=37s')).toBe('');
    expect(ws.results()).toEqual([]);
  });
});
