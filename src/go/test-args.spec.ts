import { benchFlags, goListArgs, goTestArgs, noTestsFlags, overlayFlags } from './test-args';

const input = {
  bench: '.',
  benchtime: '1s',
  overlayJson: '/cache/overlay/go1.26.8-abc/overlay.json',
  args: [] as string[],
  packages: ['./...'],
};

describe('go test arguments', () => {
  it.each([
    ['defaults', {}, ['test', '-run=^$', '-bench=.', '-benchtime=1s', `-overlay=${input.overlayJson}`, './...']],
    [
      'extra flags before packages',
      { args: ['-tags', 'x', '-benchmem'], packages: ['./a', './b/...'] },
      ['test', '-run=^$', '-bench=.', '-benchtime=1s', `-overlay=${input.overlayJson}`, '-tags', 'x', '-benchmem', './a', './b/...'],
    ],
    [
      'values that start with a dash or hold spaces stay one argument',
      { bench: '-x y', benchtime: '100x' },
      ['test', '-run=^$', '-bench=-x y', '-benchtime=100x', `-overlay=${input.overlayJson}`, './...'],
    ],
  ])('%s', (_, change, expected) => {
    expect(goTestArgs({ ...input, ...change })).toEqual(expected);
  });

  it('never runs tests', () => {
    expect(noTestsFlags()).toEqual(['-run=^$']);
  });

  it.each([
    [{ bench: 'Sort/large', benchtime: '2s' }, ['-bench=Sort/large', '-benchtime=2s']],
    [{ bench: '.', benchtime: '10x' }, ['-bench=.', '-benchtime=10x']],
  ])('bench flags %j', (value, expected) => {
    expect(benchFlags(value)).toEqual(expected);
  });

  it('passes the overlay path as one argument, spaces and all', () => {
    expect(overlayFlags({ overlayJson: '/my cache/o.json' })).toEqual(['-overlay=/my cache/o.json']);
  });

  it('lists packages with the build flags only', () => {
    expect(goListArgs({ args: ['-benchmem', '-tags=x'], packages: ['./...'] })).toEqual([
      'list',
      '-e',
      '-json=ImportPath,Dir,Error',
      '-tags=x',
      './...',
    ]);
  });
});
