import { rawRecord } from './__fixtures__/record';
import { goBenchmarkName, summarize } from './aggregate';
import { formatValue, goBenchText, roundMetrics } from './go-text';
import { summaryLines, summaryMarkdown } from '../report/summary';

const record = rawRecord;

describe('summarize', () => {
  it('names benchmarks as go test does and leaves the suffix out of URIs', () => {
    const [s] = summarize([record('BenchmarkA/x')], '/repo');
    expect(s).toMatchObject({ name: 'BenchmarkA::x', uri: 'svc/a_test.go::BenchmarkA::x', goName: 'BenchmarkA/x-2', pkg: 'example.com/svc' });
    expect(s.allocsPerOp).toBeUndefined();
    expect(goBenchmarkName('BenchmarkA', 1)).toBe('BenchmarkA');
  });

  it('makes one entry per GOMAXPROCS value of a -cpu list, suffixed -N in name and URI', () => {
    const out = summarize([record('BenchmarkA', { procs: 1 }), record('BenchmarkA', { procs: 4 }), record('BenchmarkB', { procs: 4 })], '/repo');
    expect(out.map((s) => [s.name, s.uri, s.goName])).toEqual([
      ['BenchmarkA-1', 'svc/a_test.go::BenchmarkA-1', 'BenchmarkA'],
      ['BenchmarkA-4', 'svc/a_test.go::BenchmarkA-4', 'BenchmarkA-4'],
      ['BenchmarkB', 'svc/a_test.go::BenchmarkB', 'BenchmarkB-4'],
    ]);
  });

  it('suffixes a benchmark that ran at one value of a -cpu list, as its test binary named it to the runner', () => {
    const [s] = summarize([record('BenchmarkA', { procs: 2, cpuSuffix: true })], '/repo');
    expect([s.name, s.uri]).toEqual(['BenchmarkA-2', 'svc/a_test.go::BenchmarkA-2']);
  });

  it('reports allocations, throughput and reported metrics', () => {
    const [s] = summarize(
      [
        record('BenchmarkA', {
          mem: true,
          bytes: 1000,
          rounds: [
            { iters: 10, ns: 1000, allocs: 25, bytes: 645, extra: { 'items/op': 3 } },
            { iters: 10, ns: 1000, allocs: 25, bytes: 645, extra: { 'items/op': 5 } },
            { iters: 10, ns: 1000, allocs: 25, bytes: 645, extra: { 'items/op': 4 } },
          ],
        }),
      ],
      '/repo',
    );
    expect(s.allocsPerOp).toBe(2);
    expect(s.bytesPerOp).toBe(64);
    expect(s.mbPerSec).toBeCloseTo(10_000, 6);
    expect(s.metrics).toEqual({ 'items/op': 4 });
  });
});

describe('Go benchmark text format', () => {
  it.each([
    [0, '0'],
    [123456.7, '123457'],
    [999.96, '1000'],
    [512.34, '512.3'],
    [51.234, '51.23'],
    [5.1234, '5.123'],
    [0.61234, '0.6123'],
    [0.00061234, '0.0006123'],
  ])('formats %d as %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  it('lists ns/op, MB/s, reported metrics, then B/op and allocs/op; reported built-ins replace measured ones', () => {
    const round = { iters: 4, ns: 400, allocs: 9, bytes: 130, extra: { 'zeta/op': 1, 'alpha/op': 2, 'MB/s': 7, bad: null } };
    expect(roundMetrics(round, 8, true)).toEqual([
      [100, 'ns/op'],
      [7, 'MB/s'],
      [2, 'alpha/op'],
      [1, 'zeta/op'],
      [32, 'B/op'],
      [2, 'allocs/op'],
    ]);
    expect(roundMetrics({ ...round, extra: { 'ns/op': 0 } }, 0, false)).toEqual([]);
  });

  it('writes configuration lines per package and one line per round', () => {
    const text = goBenchText(
      summarize([record('BenchmarkA'), record('BenchmarkB', { pkg: 'example.com/svc/b', mem: true, procs: 1 })], '/repo'),
    );
    expect(text).toBe(
      [
        'goos: linux',
        'goarch: amd64',
        'pkg: example.com/svc',
        'cpu: Test CPU',
        'BenchmarkA-2\t10\t100.0 ns/op',
        'BenchmarkA-2\t10\t120.0 ns/op',
        'goos: linux',
        'goarch: amd64',
        'pkg: example.com/svc/b',
        'cpu: Test CPU',
        'BenchmarkB\t10\t100.0 ns/op\t64 B/op\t2 allocs/op',
        'BenchmarkB\t10\t120.0 ns/op\t64 B/op\t2 allocs/op',
        '',
      ].join('\n'),
    );
  });
});

describe('summary table', () => {
  const summaries = summarize([record('BenchmarkA', { mem: true }), record('BenchmarkB|c')], '/repo');

  it('shows median, spread, rounds and allocations', () => {
    expect(summaryLines(summaries)).toEqual([
      'benchmark       median  spread  rounds                allocs',
      'BenchmarkA-2    110 ns   ±9.1%       2  64 B/op, 2 allocs/op',
      'BenchmarkB|c-2  110 ns   ±9.1%       2                     -',
    ]);
  });

  it('renders Markdown for GitHub step summaries, escaping pipes', () => {
    expect(summaryMarkdown('svc', summaries).split('\n').slice(0, 5)).toEqual([
      '### svc',
      '',
      '| benchmark | median | spread | rounds | allocs |',
      '| --- | ---: | ---: | ---: | ---: |',
      '| BenchmarkA-2 | 110 ns | ±9.1% | 2 | 64 B/op, 2 allocs/op |',
    ]);
  });
});
