import { parseBenchText } from './benchfmt';

describe('parseBenchText', () => {
  it('reads samples per unit and package, and skips what is not a result line', () => {
    const text = [
      'goos: linux',
      'pkg: example.com/a',
      'BenchmarkSum-2   \t1000\t  512.5 ns/op\t 0 B/op\t0 allocs/op',
      'BenchmarkSum-2   \t1000\t  520 ns/op\t 0 B/op\t0 allocs/op',
      'some test output',
      'PASS',
      'pkg: example.com/b',
      'BenchmarkSum-2\t10\t7 ns/op',
      'BenchmarkBad-2\t10\tfast ns/op',
      'ok  \texample.com/b\t0.1s',
    ].join('\n');
    const parsed = parseBenchText(text);
    expect([...parsed.keys()]).toEqual(['example.com/a BenchmarkSum-2', 'example.com/b BenchmarkSum-2']);
    expect(parsed.get('example.com/a BenchmarkSum-2')!.samples).toEqual(
      new Map([
        ['ns/op', [512.5, 520]],
        ['B/op', [0, 0]],
        ['allocs/op', [0, 0]],
      ]),
    );
    expect(parsed.get('example.com/b BenchmarkSum-2')!.samples.get('ns/op')).toEqual([7]);
  });
});
