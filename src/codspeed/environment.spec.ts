import { codeGenerationFlags, goEnvironment, mergeEnvironments } from './environment';
import { pluginVersion } from '../utils/package';

describe('codeGenerationFlags', () => {
  it.each([
    [['-run=^$', '-bench=.', '-overlay=/x.json', '-exec=w'], []],
    [['-race', '-bench=.'], ['-race']],
    [['--gcflags=-N -l', '-tags=a,b'], ['--gcflags=-N -l', '-tags=a,b']],
    [['-gcflags', '-N -l', '-v'], ['-gcflags=-N -l']],
    [['-cover', '-covermode', 'atomic'], ['-cover', '-covermode=atomic']],
    [['-pgo=off', '-trimpath', '-ldflags=-s'], ['-pgo=off', '-ldflags=-s']],
    [['-racey'], []],
  ])('%j keeps %j', (args, flags) => {
    expect(codeGenerationFlags(args)).toEqual(flags);
  });
});

describe('goEnvironment', () => {
  const env = { GOOS: 'linux', GOARCH: 'amd64', GOAMD64: 'v3', GOARM64: 'v8.0', CGO_ENABLED: '0', GOEXPERIMENT: '' };

  it('records the release, the target with its level, cgo and the flags that change code', () => {
    expect(goEnvironment('go1.26.8', env, '-mod=mod -race', ['test', '-tags=x', '-bench=.'])).toEqual({
      version: 'go1.26.8',
      goos: 'linux',
      goarch: 'amd64',
      goamd64: 'v3',
      cgo_enabled: '0',
      build_flags: '-race -tags=x',
      nx_go_bench: pluginVersion,
    });
  });

  it('takes the level of the target architecture, and experiments when set', () => {
    const arm = goEnvironment('go1.27.3', { ...env, GOARCH: 'arm64', GOEXPERIMENT: 'greenteagc' }, '', []);
    expect(arm).toMatchObject({ goarch: 'arm64', goarm64: 'v8.0', goexperiment: 'greenteagc' });
    expect(arm).not.toHaveProperty('goamd64');
    expect(arm).not.toHaveProperty('build_flags');
    expect(goEnvironment('go1.27.3', { ...env, GOARCH: 'wasm' }, '', [])).not.toHaveProperty('goamd64');
  });
});

describe('mergeEnvironments', () => {
  it('keeps agreeing values and lists those that differ, in order', () => {
    expect(
      mergeEnvironments([
        { version: 'go1.26.8', goos: 'linux' },
        { version: 'go1.27.3', goos: 'linux', build_flags: '-race' },
        { version: 'go1.26.8', goos: 'linux' },
      ]),
    ).toEqual({ version: 'go1.26.8, go1.27.3', goos: 'linux', build_flags: '-race' });
  });
});
