import { parseTestCommand } from './test-command';

describe('parseTestCommand', () => {
  it.each<[string[], object]>([
    [[], {}],
    [['-bench=.', '-benchtime=2s', '-tags=x', './...'], { bench: '.', benchtime: '2s', tags: 'x', packages: ['./...'] }],
    [['-bench', 'Sort', '-benchtime', '100x', './a', './b'], { bench: 'Sort', benchtime: '100x', packages: ['./a', './b'] }],
    [['--bench=.', '--count', '3', '--cpu=1,2'], { bench: '.', count: '3', cpu: '1,2' }],
    [['-benchmem', '-short', '-failfast=false'], { benchmem: true, short: true, failfast: false }],
    [['--baseline', 'dist/main', '--threshold=2', '--fail-on-regression'], { baseline: 'dist/main', threshold: '2', failOnRegression: true }],
    [['--fail-on-regression=false'], { failOnRegression: false }],
    [['-run=^$'], { run: '^$' }],
    [['-race', '-ldflags', '-s -w', '-mod=vendor'], { args: ['-race', '-ldflags=-s -w', '-mod=vendor'] }],
    [['--profile-folder', 'out', '--cache-dir=/c', '--mode=walltime'], { profileFolder: 'out', cacheDir: '/c', mode: 'walltime' }],
    [['./...', '-bench=X'], { bench: 'X', packages: ['./...'] }],
  ])('%j', (argv, expected) => {
    expect(parseTestCommand(argv)).toEqual(expected);
  });

  it.each([['-h'], ['-help'], ['--help']])('%s asks for help', (flag) => {
    expect(parseTestCommand(['-bench=.', flag])).toBe('help');
  });

  it.each<[string[], string]>([
    [['-frob'], 'Unknown flag "-frob"'],
    [['-json'], 'Flag "-json" is not supported'],
    [['-bench'], 'Flag "-bench" needs a value'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseTestCommand(argv)).toThrow(message);
  });
});
