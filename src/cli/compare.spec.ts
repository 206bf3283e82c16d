import { BenchError } from '../utils/bench-error';
import { parseThreshold } from '../compare/threshold';
import { parseCompareArgs } from './compare';

describe('parseCompareArgs', () => {
  it('reads the two sides and the flags, in either form', () => {
    expect(parseCompareArgs(['a', 'b', '--threshold=2.5%', '--fail-on-regression', '--markdown', 'out.md'])).toEqual({
      base: 'a',
      head: 'b',
      threshold: 2.5,
      failOnRegression: true,
      markdown: 'out.md',
    });
    expect(parseCompareArgs(['--threshold', '10', 'a', 'b'])).toEqual({ base: 'a', head: 'b', threshold: 10, failOnRegression: false });
  });

  it.each([
    [['a'], 'compare: expected a base and a head, got 1 path.'],
    [['a', 'b', 'c'], 'compare: expected a base and a head, got 3 paths.'],
    [['a', 'b', '--frob'], 'compare: unknown flag --frob.'],
    [['a', 'b', '--markdown'], 'compare: --markdown needs a value.'],
    [['a', 'b', '--threshold=fast'], 'Invalid --threshold: "fast" is not a percentage.'],
  ])('%j: %s', (args, title) => {
    expect(() => parseCompareArgs(args)).toThrow(BenchError);
    expect(() => parseCompareArgs(args)).toThrow(title);
  });

  it('reads thresholds as percent', () => {
    expect([parseThreshold('5', 'x'), parseThreshold('0.5%', 'x'), parseThreshold(3, 'x')]).toEqual([5, 0.5, 3]);
  });
});
