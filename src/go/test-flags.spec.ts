import { BenchError } from '../utils/bench-error';
import { buildFlags, parseTestArgs, passThroughFlags, validateTestArgs } from './test-flags';

describe('parseTestArgs', () => {
  it.each([
    [['-race'], [['race', ['-race']]]],
    [['--race'], [['race', ['--race']]]],
    [['-race=false'], [['race', ['-race=false']]]],
    [['-ldflags=-s -w'], [['ldflags', ['-ldflags=-s -w']]]],
    [['-mod', 'vendor', '-v'], [['mod', ['-mod', 'vendor']], ['v', ['-v']]]],
    [['-overlay', 'o.json', '-trimpath'], [['overlay', ['-overlay', 'o.json']], ['trimpath', ['-trimpath']]]],
    [['-gcflags', '-N -l'], [['gcflags', ['-gcflags', '-N -l']]]],
    [[], []],
  ])('groups %j', (args, expected) => {
    expect(parseTestArgs(args).map((g) => [g.name, g.tokens])).toEqual(expected);
  });

  it.each([
    [['./...'], '"./..." is not a go test flag'],
    [['-nope'], 'unknown go test flag "-nope"'],
    [['-bench=.'], '"-bench" is set with the "bench" option'],
    [['-benchtime', '2s'], '"-benchtime" is set with the "benchtime" option'],
    [['-run=Test'], '"-run" is not supported'],
    [['-count=3'], '"-count" is set with the "count" option'],
    [['-tags=x'], '"-tags" is set with the "tags" option'],
    [['-benchmem'], '"-benchmem" is set with the "benchmem" option'],
    [['-cpu=1,2'], '"-cpu" is set with the "cpu" option'],
    [['-c'], '"-c" is not supported'],
    [['-ldflags'], 'flag "-ldflags" needs a value'],
  ])('refuses %j', (args, message) => {
    expect(() => validateTestArgs(args)).toThrow(BenchError);
    expect(() => validateTestArgs(args)).toThrow(message);
  });

  it('lists the accepted flags when refusing an unknown one', () => {
    try {
      validateTestArgs(['-nope']);
    } catch (error) {
      expect((error as BenchError).bodyLines.join(' ')).toContain('-race');
      expect((error as BenchError).bodyLines.join(' ')).toContain('-gcflags');
    }
    expect.assertions(2);
  });

  it('accepts none of the flags that other options own', () => {
    for (const owned of ['bench', 'benchtime', 'benchmem', 'count', 'cpu', 'failfast', 'short', 'tags', 'timeout', 'run']) {
      expect(passThroughFlags).not.toContain(owned);
    }
  });
});

describe('buildFlags', () => {
  it('keeps the flags that go list needs, with their values', () => {
    expect(buildFlags(['-v', '-gcflags', '-N -l', '-mod=vendor', '-race', '-cpuprofile', 'c.out'])).toEqual([
      '-gcflags',
      '-N -l',
      '-mod=vendor',
      '-race',
    ]);
  });
});
