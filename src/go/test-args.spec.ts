import {
  benchFlags,
  buildTagFlags,
  execFlags,
  goListArgs,
  goTestArgs,
  noTestsFlags,
  overlayFlags,
  quoteFields,
  repeatFlags,
  testBinaryFlags,
  type TestArgsInput,
} from './test-args';

const input: TestArgsInput = {
  bench: '.',
  benchtime: '1s',
  count: 1,
  cpu: [],
  tags: [],
  benchmem: false,
  short: false,
  failfast: false,
  overlayJson: '/cache/overlay/go1.26.8-abc/overlay.json',
  args: [],
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
    [
      'symbols kept: the binaries linked whole, and kept nowhere',
      { symbols: true },
      ['test', '-run=^$', '-bench=.', '-benchtime=1s', '-o=/dev/null', `-overlay=${input.overlayJson}`, './...'],
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

  it.each<[Partial<TestArgsInput>, string[]]>([
    [{}, []],
    [{ count: 5 }, ['-count=5']],
    [{ cpu: [1, 2, 4] }, ['-cpu=1,2,4']],
    [{ count: 2, cpu: [8] }, ['-count=2', '-cpu=8']],
  ])('repeat flags for %j', (change, expected) => {
    expect(repeatFlags({ ...input, ...change })).toEqual(expected);
  });

  it.each<[Partial<TestArgsInput>, string[]]>([
    [{}, []],
    [{ timeout: '1h' }, ['-timeout=1h']],
    [{ timeout: '0' }, ['-timeout=0']],
    [{ benchmem: true, short: true, failfast: true }, ['-benchmem', '-short', '-failfast']],
  ])('test binary flags for %j', (change, expected) => {
    expect(testBinaryFlags({ ...input, ...change })).toEqual(expected);
  });

  it('joins tags with commas', () => {
    expect(buildTagFlags({ tags: ['a', 'b'] })).toEqual(['-tags=a,b']);
    expect(buildTagFlags({ tags: [] })).toEqual([]);
  });

  it('puts every flag before the packages', () => {
    const args = goTestArgs({ ...input, count: 2, cpu: [1, 2], tags: ['x'], timeout: '5m', benchmem: true, exec: ['/usr/bin/node', '/w.js'], packages: ['./a'] });
    expect(args).toEqual([
      'test',
      '-run=^$',
      '-bench=.',
      '-benchtime=1s',
      '-count=2',
      '-cpu=1,2',
      '-tags=x',
      '-timeout=5m',
      '-benchmem',
      `-overlay=${input.overlayJson}`,
      '-exec=/usr/bin/node /w.js',
      './a',
    ]);
  });

  it.each([
    [['/usr/bin/node', '/p/w.js'], '/usr/bin/node /p/w.js'],
    [['/my node/node', "/it's/w.js"], `'/my node/node' "/it's/w.js"`],
  ])('quotes -exec words %j so go splits them back', (words, expected) => {
    expect(quoteFields(words)).toBe(expected);
    expect(execFlags({ exec: words })).toEqual([`-exec=${expected}`]);
  });

  it('refuses an -exec word with both kinds of quote', () => {
    expect(() => quoteFields([`/a'b"c`])).toThrow('both kinds of quote');
  });

  it('lists packages with the build flags only', () => {
    expect(goListArgs({ args: ['-v', '-mod=vendor'], packages: ['./...'], tags: ['x'], overlayJson: '/o.json' })).toEqual([
      'list',
      '-e',
      '-json=ImportPath,Dir,Error,TestGoFiles,XTestGoFiles',
      '-tags=x',
      '-overlay=/o.json',
      '-mod=vendor',
      './...',
    ]);
  });
});
