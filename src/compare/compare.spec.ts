import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchErrorOf } from '../spec-support/bench-error';
import { compareSides } from './compare';
import { readSide } from './side';

const dir = mkdtempSync(join(tmpdir(), 'compare-'));
let files = 0;

/** A file of Go benchmark text: per benchmark, one line per value. */
function text(benchmarks: Record<string, number[]>, unit = 'ns/op'): string {
  const lines = ['goos: linux', 'pkg: example.com/x'];
  for (const [name, values] of Object.entries(benchmarks)) for (const v of values) lines.push(`${name}\t1000\t${v} ${unit}`);
  const file = join(dir, `run-${files++}.txt`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Ten rounds around a center, spread by about ±1%, the same pattern each time. */
const around = (center: number, spread = 0.01) => [-5, 3, -1, 4, 0, -3, 2, -4, 1, 5].map((k) => center * (1 + (k / 5) * spread));

describe('compareSides on walltime text', () => {
  it('finds a 10% slowdown significant, with an interval around it, and a regression past 5%', () => {
    const c = compareSides(readSide(text({ BenchmarkA: around(100) })), readSide(text({ BenchmarkA: around(110) })));
    const [a] = c.benchmarks;
    expect(a.verdict).toBe('slower');
    expect(a.change).toBeCloseTo(0.1, 10);
    expect(a.p).toBeLessThan(0.001);
    expect(a.interval![0]).toBeGreaterThan(0.07);
    expect(a.interval![1]).toBeLessThan(0.13);
    expect(a.interval![0]).toBeLessThan(0.1);
    expect(a.regressed).toBe(true);
    expect(c.geomean).toBeCloseTo(0.1, 10);
  });

  it('calls identical runs unchanged, p = 1', () => {
    const [a] = compareSides(readSide(text({ BenchmarkA: around(100) })), readSide(text({ BenchmarkA: around(100) }))).benchmarks;
    expect(a).toMatchObject({ verdict: 'unchanged', change: 0, p: expect.closeTo(1, 6), regressed: false });
  });

  it('calls a 2% change inside ±5% noise unchanged', () => {
    const [a] = compareSides(readSide(text({ BenchmarkA: around(100, 0.05) })), readSide(text({ BenchmarkA: around(102, 0.05) }))).benchmarks;
    expect(a.verdict).toBe('unchanged');
    expect(a.p).toBeGreaterThan(0.05);
  });

  it.each([
    ['three samples a side', [100, 101, 102], [150, 151, 152], 0.1],
    ['one a side', [100], [1200], 1],
    ['one against 39', [100], Array.from({ length: 39 }, (_, i) => 1000 + i), 0.05],
  ])('calls a clear change in %s undecidable: the U test can never reach 0.05 there', (_, before, after, p) => {
    const c = compareSides(readSide(text({ BenchmarkA: before })), readSide(text({ BenchmarkA: after })));
    expect(c.benchmarks[0]).toMatchObject({ verdict: 'undecidable', p: expect.closeTo(p, 10), regressed: false });
  });

  it.each([
    ['four a side', [100, 101, 102, 103], [150, 151, 152, 153]],
    ['three and five', [100, 101, 102], [150, 151, 152, 153, 154]],
    ['one against 40', [100], Array.from({ length: 40 }, (_, i) => 1000 + i)],
  ])('decides a clear change in %s', (_, before, after) => {
    const [a] = compareSides(readSide(text({ BenchmarkA: before })), readSide(text({ BenchmarkA: after }))).benchmarks;
    expect(a).toMatchObject({ verdict: 'slower', regressed: true });
    expect(a.p).toBeLessThan(0.05);
  });

  it('does not gate a significant slowdown under the threshold', () => {
    const [a] = compareSides(readSide(text({ BenchmarkA: around(100, 0.001) })), readSide(text({ BenchmarkA: around(103, 0.001) }))).benchmarks;
    expect(a).toMatchObject({ verdict: 'slower', regressed: false });
  });

  it('lists benchmarks on one side only', () => {
    const c = compareSides(readSide(text({ BenchmarkA: around(100), BenchmarkGone: [1] })), readSide(text({ BenchmarkA: around(100), BenchmarkNew: [1] })));
    expect(c.benchmarks.map((b) => b.name)).toEqual(['BenchmarkA']);
    expect(c.added).toEqual(['example.com/x BenchmarkNew']);
    expect(c.removed).toEqual(['example.com/x BenchmarkGone']);
  });
});

describe('matching across GOMAXPROCS', () => {
  it('matches a baseline at -8 with a run at -2, and says so', () => {
    const c = compareSides(readSide(text({ 'BenchmarkFast-8': around(100), 'BenchmarkX/n-10-8': around(10) })), readSide(text({ 'BenchmarkFast-2': around(1000), 'BenchmarkX/n-10-2': around(10) })));
    expect(c.benchmarks.map((b) => [b.name, b.verdict, b.regressed])).toEqual([
      ['BenchmarkFast-2', 'slower', true],
      ['BenchmarkX/n-10-2', 'unchanged', false],
    ]);
    expect(c.procs).toEqual({ base: '-8', head: '-2' });
    expect([c.added, c.removed]).toEqual([[], []]);
  });

  it('matches a run at GOMAXPROCS 1, whose names have no suffix, with one at -4', () => {
    const c = compareSides(readSide(text({ BenchmarkFast: around(100), 'BenchmarkX/n-10': around(5) })), readSide(text({ 'BenchmarkFast-4': around(100), 'BenchmarkX/n-10-4': around(5) })));
    expect(c.benchmarks.map((b) => b.name)).toEqual(['BenchmarkFast-4', 'BenchmarkX/n-10-4']);
    expect(c.procs).toEqual({ base: '(none: GOMAXPROCS 1)', head: '-4' });
  });

  it('keeps exact names where a side ran at several GOMAXPROCS', () => {
    const error = benchErrorOf(() => compareSides(readSide(text({ 'BenchmarkA-1': [1], 'BenchmarkA-2': [1] })), readSide(text({ 'BenchmarkA-4': [1] }))));
    expect(error.title).toMatch(/they have no benchmark in common\.$/);
  });
});

describe('benchmarks without ns/op', () => {
  /** Go benchmark text lines as go test prints them, in one package. */
  const lines = (...body: string[]) => {
    const file = join(dir, `units-${files++}.txt`);
    writeFileSync(file, ['pkg: example.com/u', ...body].join('\n') + '\n');
    return readSide(file);
  };
  const rounds = (name: string, f: (i: number) => string) => Array.from({ length: 10 }, (_, i) => `${name}\t1000\t${f(i)}`);

  it.each([
    ['B/op only', (k: number) => (i: number) => `${(1000 + i) * k} B/op`, 'B/op', 'slower'],
    ['a custom unit only', (k: number) => (i: number) => `${(50 + i) * k} frames/op`, 'frames/op', 'slower'],
    ['MB/s only, where more is better', (k: number) => (i: number) => `${(500 + i) / k} MB/s`, 'MB/s', 'slower'],
  ])('compares a benchmark reporting %s on that unit, with itself and against a doubled cost', (_, value, unit, verdict) => {
    const base = lines(...rounds('BenchmarkOdd-2', value(1)));
    expect(compareSides(base, base).benchmarks).toMatchObject([{ name: 'BenchmarkOdd-2', unit, verdict: 'unchanged' }]);
    expect(compareSides(base, lines(...rounds('BenchmarkOdd-2', value(2)))).benchmarks).toMatchObject([{ unit, verdict, regressed: true }]);
  });

  it('keeps such a benchmark beside timed ones, and lists one with no unit in common as not comparable', () => {
    const base = lines(...rounds('BenchmarkTimed-2', (i) => `${100 + i} ns/op`), ...rounds('BenchmarkBytes-2', (i) => `${10 + i} B/op`), ...rounds('BenchmarkApart-2', (i) => `${i} x/op`));
    const head = lines(...rounds('BenchmarkTimed-2', (i) => `${100 + i} ns/op`), ...rounds('BenchmarkBytes-2', (i) => `${10 + i} B/op`), ...rounds('BenchmarkApart-2', (i) => `${i} y/op`));
    const c = compareSides(base, head);
    expect(c.benchmarks.map((b) => [b.name, b.unit])).toEqual([
      ['BenchmarkTimed-2', 'ns/op'],
      ['BenchmarkBytes-2', 'B/op'],
    ]);
    expect(c.incomparable).toEqual(['BenchmarkApart-2: x/op in base, y/op in head']);
  });
});

describe('one name in two packages', () => {
  it('labels each with its package', () => {
    const file = join(dir, `two-${files++}.txt`);
    writeFileSync(file, ['pkg: example.com/a', 'BenchmarkX-2\t1\t5 ns/op', 'pkg: example.com/b', 'BenchmarkX-2\t1\t7 ns/op', 'BenchmarkY-2\t1\t7 ns/op'].join('\n'));
    const c = compareSides(readSide(file), readSide(file));
    expect(c.benchmarks.map((b) => b.label)).toEqual(['BenchmarkX-2 (example.com/a)', 'BenchmarkX-2 (example.com/b)', 'BenchmarkY-2']);
  });
});

describe('a profile folder of many runs', () => {
  it('lets the run written last win, whatever the names', () => {
    const profile = join(dir, 'written-order');
    mkdirSync(join(profile, 'results'), { recursive: true });
    mkdirSync(join(profile, 'benchfmt'), { recursive: true });
    const start = Date.now() / 1000 - 100;
    for (let pid = 9980; pid <= 10029; pid++) {
      const results = join(profile, 'results', `${pid}.json`);
      writeFileSync(results, JSON.stringify({ creator: { name: 'nx-go-bench', version: '0', pid }, instrument: { type: 'walltime' }, benchmarks: [{ name: 'BenchmarkA' }] }));
      writeFileSync(join(profile, 'benchfmt', `${pid}.txt`), `pkg: example.com/x\nBenchmarkA\t1\t${pid} ns/op\n`);
      utimesSync(results, start + (pid - 9980), start + (pid - 9980));
    }
    expect(readSide(profile).benchmarks.get('example.com/x BenchmarkA')!.samples.get('ns/op')).toEqual([10029]);
  });
});

describe('compareSides on counts', () => {
  it('compares instructions with the 1% threshold and no test', () => {
    const c = compareSides(readSide(text({ BenchmarkA: [1000], BenchmarkB: [1000] }, 'instructions/op')), readSide(text({ BenchmarkA: [1005], BenchmarkB: [1020] }, 'instructions/op')));
    expect(c.mode).toBe('simulation');
    expect(c.benchmarks.map((b) => [b.name, b.verdict, b.regressed, b.p])).toEqual([
      ['BenchmarkA', 'unchanged', false, undefined],
      ['BenchmarkB', 'slower', true, undefined],
    ]);
  });
});

describe('compareSides on memory counts', () => {
  it('reads memory mode text by its units and compares bytes per iteration', () => {
    const memory = (bytes: number) => {
      const file = join(dir, `mem-${files++}.txt`);
      writeFileSync(file, `pkg: example.com/x\nBenchmarkA-2\t100\t${bytes} B/op\t3 allocs/op\t${bytes} peak-heap-B\n`);
      return readSide(file);
    };
    const c = compareSides(memory(192), memory(256));
    expect(c).toMatchObject({ mode: 'memory', unit: 'B/op', threshold: 0.01 });
    expect(c.benchmarks[0]).toMatchObject({ change: 256 / 192 - 1, verdict: 'slower', regressed: true });
  });
});

describe('bad input', () => {
  it('names a missing file', () => {
    expect(benchErrorOf(() => readSide(join(dir, 'nope.txt'))).title).toBe(`Cannot compare: ${join(dir, 'nope.txt')} does not exist.`);
  });

  it('names a corrupt results file', () => {
    const file = join(dir, 'corrupt.json');
    writeFileSync(file, '{"instrument": ');
    expect(benchErrorOf(() => readSide(file)).title).toBe(`Cannot compare: ${file} is not a results file.`);
  });

  it('names a folder without results, and a text without benchmarks', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(benchErrorOf(() => readSide(empty)).title).toBe(`Cannot compare: ${empty} holds no results files of nx-go-bench (results/*.json).`);
    const file = join(dir, 'prose.txt');
    writeFileSync(file, 'PASS\nok\n');
    expect(benchErrorOf(() => readSide(file)).title).toBe(`Cannot compare: ${file} holds no benchmark results.`);
  });

  it('refuses mixed modes and runs with nothing in common', () => {
    const wall = readSide(text({ BenchmarkA: [1] }));
    expect(benchErrorOf(() => compareSides(wall, readSide(text({ BenchmarkA: [1] }, 'instructions/op')))).title).toMatch(/^Cannot compare walltime results \(.*\) with simulation results/);
    expect(benchErrorOf(() => compareSides(wall, readSide(text({ BenchmarkB: [1] })))).title).toMatch(/they have no benchmark in common\.$/);
  });
});
