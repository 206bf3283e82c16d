import type { Comparison } from './compare';
import { comparisonLines, comparisonMarkdown, formatChange, regressionError } from './report';

const comparison: Comparison = {
  mode: 'walltime',
  unit: 'ns/op',
  base: 'base/',
  head: 'head/',
  threshold: 0.05,
  geomean: 0.048,
  added: ['example.com/x BenchmarkNew-2'],
  removed: [],
  incomparable: [],
  benchmarks: [
    { pkg: 'example.com/x', name: 'BenchmarkA-2', label: 'BenchmarkA-2', unit: 'ns/op', base: { median: 100, n: 10, rounds: [] }, head: { median: 110, n: 10, rounds: [] }, change: 0.1, interval: [0.08, 0.12], p: 0.0002, verdict: 'slower', regressed: true },
    { pkg: 'example.com/x', name: 'BenchmarkB|C-2', label: 'BenchmarkB|C-2', unit: 'ns/op', base: { median: 2000, n: 10, rounds: [] }, head: { median: 1990, n: 10, rounds: [] }, change: -0.005, interval: [-0.02, 0.01], p: 0.4, verdict: 'unchanged', regressed: false },
  ],
};

describe('comparison reports', () => {
  it('formats changes with a sign', () => {
    expect([0.1, -0.0234, 0, Infinity].map(formatChange)).toEqual(['+10.0%', '-2.3%', '+0.0%', '+inf']);
  });

  it('prints the terminal table with benchstat-like columns and the notes', () => {
    expect(comparisonLines(comparison)).toEqual([
      'walltime: base/ -> head/',
      'benchmark          base     head  change           95% CI                p   verdict',
      'BenchmarkA-2     100 ns   110 ns  +10.0%  [+8.0%, +12.0%]  p=0.000 n=10+10  slower !',
      'BenchmarkB|C-2  2.00 µs  1.99 µs   -0.5%   [-2.0%, +1.0%]  p=0.400 n=10+10         ~',
      '',
      'geomean: +4.8%; unit ns/op; significant at p < 0.05 (Mann-Whitney U test); "!" marks slower by more than the threshold, 5.0%.',
      'new in head: example.com/x BenchmarkNew-2',
    ]);
  });

  it('writes Markdown with a title that counts regressions, and escapes pipes', () => {
    const md = comparisonMarkdown(comparison);
    expect(md.split('\n').slice(0, 6)).toEqual([
      '### Benchmarks (walltime): 1 benchmark slower by more than 5.0%',
      '',
      '| benchmark | package | base | head | change | 95% CI | p | verdict |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| BenchmarkA-2 | example.com/x | 100 ns | 110 ns | +10.0% | [+8.0%, +12.0%] | p=0.000 n=10+10 | slower ! |',
      '| BenchmarkB\\|C-2 | example.com/x | 2.00 µs | 1.99 µs | -0.5% | [-2.0%, +1.0%] | p=0.400 n=10+10 | ~ |',
    ]);
  });

  it('names each regressed benchmark in the gate error, and nothing when none regressed', () => {
    const error = regressionError(comparison, 'remedy');
    expect(error?.title).toBe('1 benchmark is slower than base/ by more than 5.0%, significantly.');
    expect(error?.bodyLines).toEqual(['BenchmarkA-2 (example.com/x): +10.0%, 95% CI [+8.0%, +12.0%], p=0.000', 'remedy']);
    expect(regressionError({ ...comparison, benchmarks: [comparison.benchmarks[1]] }, 'remedy')).toBeUndefined();
  });

  it('fails the gate on a benchmark it cannot decide on, naming its rounds and how to get more', () => {
    const once = { ...comparison.benchmarks[1], name: 'BenchmarkOnce-2', label: 'BenchmarkOnce-2', base: { median: 100, n: 1, rounds: [100] }, head: { median: 1200, n: 1, rounds: [1200] }, change: 11, interval: undefined, p: 1, verdict: 'undecidable' as const };
    const error = regressionError({ ...comparison, benchmarks: [comparison.benchmarks[1], once] }, 'remedy');
    expect(error?.title).toBe('The gate cannot decide on 1 benchmark: too few rounds for the test against base/ to reach p < 0.05.');
    expect(error?.bodyLines[0]).toBe('BenchmarkOnce-2 (example.com/x): +1100.0%, from 1 round in base and 1 round in head');
    expect(error?.bodyLines.join('\n')).toMatch(/a duration benchtime rather than Nx, a larger maxTime/);
    expect(comparisonLines({ ...comparison, benchmarks: [once] })).toContain('"?" marks too few rounds a side for the test to ever reach p < 0.05, whatever the change (1 of 1).');
    const both = regressionError({ ...comparison, benchmarks: [comparison.benchmarks[0], once] }, 'remedy');
    expect(both?.title).toBe('1 benchmark is slower than base/ by more than 5.0%, significantly.');
    expect(both?.bodyLines[1]).toBe('The gate cannot decide on 1 benchmark more: too few rounds.');
  });
});
