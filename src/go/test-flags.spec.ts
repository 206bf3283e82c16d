import { BenchError } from '../utils/bench-error';
import { buildFlags, parseTestArgs, passThroughFlags, validateTestArgs } from './test-flags';

describe('parseTestArgs', () => {
  it.each([
    [['-benchmem'], [['benchmem', ['-benchmem']]]],
    [['--benchmem'], [['benchmem', ['--benchmem']]]],
    [['-benchmem=false'], [['benchmem', ['-benchmem=false']]]],
    [['-tags=a,b'], [['tags', ['-tags=a,b']]]],
    [['-tags', 'a,b', '-v'], [['tags', ['-tags', 'a,b']], ['v', ['-v']]]],
    [['-count', '3', '-timeout=1h'], [['count', ['-count', '3']], ['timeout', ['-timeout=1h']]]],
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
    [['-overlay=x.json'], '"-overlay" is not supported'],
    [['-c'], '"-c" is not supported'],
    [['-tags'], 'flag "-tags" needs a value'],
  ])('refuses %j', (args, message) => {
    expect(() => validateTestArgs(args)).toThrow(BenchError);
    expect(() => validateTestArgs(args)).toThrow(message);
  });

  it('lists the accepted flags when refusing an unknown one', () => {
    try {
      validateTestArgs(['-nope']);
    } catch (error) {
      expect((error as BenchError).bodyLines.join(' ')).toContain('-benchmem');
      expect((error as BenchError).bodyLines.join(' ')).toContain('-tags');
    }
    expect.assertions(2);
  });

  it('accepts none of the flags that other options own', () => {
    expect(passThroughFlags).not.toEqual(expect.arrayContaining(['bench']));
    expect(passThroughFlags).not.toContain('run');
    expect(passThroughFlags).not.toContain('overlay');
  });
});

describe('buildFlags', () => {
  it('keeps the flags that go list needs, with their values', () => {
    expect(buildFlags(['-benchmem', '-tags', 'x', '-count=2', '-mod=vendor', '-race', '-timeout', '1h'])).toEqual([
      '-tags',
      'x',
      '-mod=vendor',
      '-race',
    ]);
  });
});
