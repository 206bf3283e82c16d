import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

  it('calls a clear change in three samples a side unchanged: the U test cannot reach 0.05 there', () => {
    const [a] = compareSides(readSide(text({ BenchmarkA: [100, 101, 102] })), readSide(text({ BenchmarkA: [150, 151, 152] }))).benchmarks;
    expect(a).toMatchObject({ verdict: 'unchanged', p: expect.closeTo(0.1, 10), regressed: false });
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
