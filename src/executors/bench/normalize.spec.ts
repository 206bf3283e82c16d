import { join } from 'node:path';
import { benchErrorOf } from '../../spec-support/bench-error';
import { normalizeOptions } from './normalize';
import type { BenchExecutorOptions } from './schema';

const context = { projectName: 'svc', projectRoot: 'apps/svc', workspaceRoot: '/ws' };
const env = { HOME: '/home/u' };
const normalize = (options: BenchExecutorOptions, e: NodeJS.ProcessEnv = env) => normalizeOptions(options, context, e);

describe('normalizeOptions', () => {
  it('applies the defaults', () => {
    expect(normalize({})).toEqual({
      projectName: 'svc',
      workspaceRoot: '/ws',
      projectRoot: '/ws/apps/svc',
      bench: '.',
      benchtime: '1s',
      maxTimeNs: 3e9,
      count: 1,
      cpu: [],
      tags: [],
      timeout: undefined,
      benchmem: false,
      short: false,
      failfast: false,
      historyLimit: 20,
      packages: ['./...'],
      mode: 'walltime',
      profileFolder: '/ws/dist/go-bench',
      cacheDir: join('/home/u', '.cache', 'nx-go-bench'),
      env: {},
      args: [],
      sources: { profileFolder: 'the default of option "profileFolder"', cacheDir: 'the default of option "cacheDir", in the user cache folder', mode: 'the default' },
    });
  });

  it.each<[string, BenchExecutorOptions, NodeJS.ProcessEnv, Partial<ReturnType<typeof normalize>>]>([
    ['bench and benchtime', { bench: 'Sort/large', benchtime: '100x' }, env, { bench: 'Sort/large', benchtime: '100x' }],
    ['a packages list', { packages: ['./a', './b/...'] }, env, { packages: ['./a', './b/...'] }],
    ['packages from the command line', { packages: './a,./b' }, env, { packages: ['./a', './b'] }],
    ['args from the command line', { args: '-race -mod=vendor' }, env, { args: ['-race', '-mod=vendor'] }],
    ['args quoted as in a shell', { args: `-race  -gcflags='-N -l' "-ldflags=-X a.b=c d"` }, env, { args: ['-race', '-gcflags=-N -l', '-ldflags=-X a.b=c d'] }],
    ['a list of args kept whole', { args: ['-gcflags=-N -l'] }, env, { args: ['-gcflags=-N -l'] }],
    ['no budget for Nx by default', { benchtime: '100x' }, env, { maxTimeNs: 0 }],
    ['a budget of 3 benchtimes by default', { benchtime: '500ms' }, env, { maxTimeNs: 1.5e9 }],
    ['a budget of 1s at least by default', { benchtime: '20ms' }, env, { maxTimeNs: 1e9 }],
    ['a maxTime', { benchtime: '100x', maxTime: '1m' }, env, { maxTimeNs: 60e9 }],
    ['no budget', { maxTime: '0' }, env, { maxTimeNs: 0 }],
    ['numbers as Nx reads them from its command line', { bench: 1, maxTime: 0, timeout: 0 }, env, { bench: '1', maxTimeNs: 0, timeout: '0' }],
    ['count', { count: 3 }, env, { count: 3 }],
    ['count from the command line', { count: '3' as unknown as number }, env, { count: 3 }],
    ['a cpu list', { cpu: [1, 2, 4] }, env, { cpu: [1, 2, 4] }],
    ['a cpu string', { cpu: '1,2' }, env, { cpu: [1, 2] }],
    ['a single cpu number', { cpu: 4 as unknown as string }, env, { cpu: [4] }],
    ['tags', { tags: 'a,b' }, env, { tags: ['a', 'b'] }],
    ['a timeout', { timeout: '1h30m' }, env, { timeout: '1h30m' }],
    ['no timeout', { timeout: '0' }, env, { timeout: '0' }],
    ['boolean flags', { benchmem: true, short: true, failfast: 'true' as unknown as boolean }, env, { benchmem: true, short: true, failfast: true }],
    ['run ^$', { run: '^$' }, env, { bench: '.' }],
    ['profileFolder relative to the workspace', { profileFolder: 'out/prof' }, env, { profileFolder: '/ws/out/prof' }],
    ['profileFolder from CODSPEED_PROFILE_FOLDER', {}, { ...env, CODSPEED_PROFILE_FOLDER: '/tmp/p' }, { profileFolder: '/tmp/p', sources: expect.objectContaining({ profileFolder: 'CODSPEED_PROFILE_FOLDER' }) }],
    ['the option over CODSPEED_PROFILE_FOLDER', { profileFolder: '/abs' }, { CODSPEED_PROFILE_FOLDER: '/tmp/p' }, { profileFolder: '/abs' }],
    ['cacheDir from NX_GO_BENCH_CACHE_DIR', {}, { NX_GO_BENCH_CACHE_DIR: '/c' }, { cacheDir: '/c' }],
    ['cacheDir from XDG_CACHE_HOME', {}, { HOME: '/h', XDG_CACHE_HOME: '/x' }, { cacheDir: '/x/nx-go-bench' }],
    ['cacheDir option', { cacheDir: 'cache' }, env, { cacheDir: '/ws/cache' }],
    ['mode from CODSPEED_RUNNER_MODE', {}, { CODSPEED_RUNNER_MODE: 'walltime' }, { mode: 'walltime' }],
    ['simulation', { mode: 'simulation' }, env, { mode: 'simulation', sources: expect.objectContaining({ mode: 'option "mode"' }) }],
    ['instrumentation as simulation', {}, { CODSPEED_RUNNER_MODE: 'instrumentation' }, { mode: 'simulation', sources: expect.objectContaining({ mode: 'CODSPEED_RUNNER_MODE' }) }],
    ['memory', {}, { CODSPEED_RUNNER_MODE: 'memory' }, { mode: 'memory', sources: expect.objectContaining({ mode: 'CODSPEED_RUNNER_MODE' }) }],
    ['a baseline, resolved from the workspace root', { baseline: 'dist/main', threshold: '2.5%', failOnRegression: true }, env, { baseline: { path: '/ws/dist/main', threshold: 2.5, failOnRegression: true } }],
    ['env values', { env: { GOEXPERIMENT: 'x', GOMAXPROCS: 2 as unknown as string } }, env, { env: { GOEXPERIMENT: 'x', GOMAXPROCS: '2' } }],
  ])('takes %s', (_, options, e, expected) => {
    expect(normalize(options, e)).toMatchObject(expected);
  });

  it.each<[string, BenchExecutorOptions, NodeJS.ProcessEnv, string]>([
    ['an unparseable benchtime', { benchtime: '10 seconds' }, env, 'Invalid option "benchtime"'],
    ['a zero benchtime', { benchtime: '0s' }, env, 'Invalid option "benchtime"'],
    ['an empty bench', { bench: '' }, env, 'Invalid option "bench"'],
    ['an unknown mode', { mode: 'fast' as 'walltime' }, env, 'Invalid option "mode": unknown mode "fast"'],
    ['an unknown CODSPEED_RUNNER_MODE', {}, { CODSPEED_RUNNER_MODE: 'turbo' }, 'Invalid CODSPEED_RUNNER_MODE: unknown mode "turbo"'],
    ['failOnRegression without a baseline', { failOnRegression: true }, env, 'Invalid option "failOnRegression": it needs option "baseline"'],
    ['a threshold without a baseline', { threshold: 5 }, env, 'Invalid option "threshold": it needs option "baseline"'],
    ['a threshold that is no percentage', { baseline: 'b', threshold: 'high' }, env, 'Invalid option "threshold": "high" is not a percentage.'],
    ['an empty packages list', { packages: [] }, env, 'Invalid option "packages": the list is empty'],
    ['a flag among packages', { packages: ['-v'] }, env, 'Invalid option "packages": "-v"'],
    ['an absolute package path', { packages: ['/src/x'] }, env, 'Invalid option "packages": "/src/x" is absolute'],
    ['a bad env name', { env: { 'A-B': 'x' } }, env, 'Invalid option "env": "A-B"'],
    ['an object env value', { env: { A: {} as string } }, env, 'Invalid option "env": the value of A'],
    ['an unknown flag in args', { args: ['-frobnicate'] }, env, 'unknown go test flag "-frobnicate"'],
    ['an unclosed quote in args', { args: "-gcflags='-N -l" }, env, `Invalid option "args": the ' quote`],
    ['a run pattern', { run: 'TestX' }, env, 'Invalid option "run": "TestX" would select tests'],
    ['a bad maxTime', { maxTime: 'soon' }, env, 'Invalid option "maxTime": "soon" is not a Go duration'],
    ['a zero count', { count: 0 }, env, 'Invalid option "count"'],
    ['a bad cpu value', { cpu: '1,two' }, env, 'Invalid option "cpu": "two"'],
    ['a bad timeout', { timeout: 'soon' }, env, 'Invalid option "timeout"'],
    ['a non-boolean benchmem', { benchmem: 'yes' as unknown as boolean }, env, 'Invalid option "benchmem"'],
  ])('refuses %s', (_, options, e, message) => {
    expect(benchErrorOf(() => normalize(options, e)).title).toContain(message);
  });
});
