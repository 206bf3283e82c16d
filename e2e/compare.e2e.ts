import execa from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installBenchstat } from './support/benchstat';
import { templateDir } from './support/paths';
import { benchProject, createWorkspace, type Workspace } from './support/workspace';

jest.setTimeout(10 * 60 * 1000);

/** The plugin's command line, as the packed tarball installs it. */
const cli = join(templateDir, 'node_modules', '.bin', 'nx-go-bench');

/** Ten rounds around a center, spread by about ±spread, in the same pattern each time. */
const around = (center: number, spread = 0.01) => [-5, 3, -1, 4, 0, -3, 2, -4, 1, 5].map((k) => center * (1 + (k / 5) * spread));

function benchText(benchmarks: Record<string, number[]>): string {
  const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/x'];
  for (const [name, values] of Object.entries(benchmarks)) for (const v of values) lines.push(`Benchmark${name}-2\t1000\t${v.toFixed(2)} ns/op`);
  return lines.join('\n') + '\n';
}

describe('compare agrees with benchstat', () => {
  const cases: Record<string, [number[], number[]]> = {
    Identical: [around(100), around(100)],
    TenPercentSlower: [around(100), around(110)],
    TenPercentFaster: [around(110), around(100)],
    TwoPercentInNoise: [around(100, 0.05), around(102, 0.05)],
    FewSamples: [[100, 101, 102], [150, 151, 152]],
    FiveSamples: [[100, 101, 102, 103, 104], [150, 151, 152, 153, 154]],
  };
  let ours: Record<string, string>;
  let theirs: Record<string, string>;
  let output: string;

  beforeAll(async () => {
    const ws = await createWorkspace('benchstat', [], { git: false });
    const base = Object.fromEntries(Object.entries(cases).map(([name, [b]]) => [name, b]));
    const head = Object.fromEntries(Object.entries(cases).map(([name, [, h]]) => [name, h]));
    writeFileSync(join(ws.root, 'base.txt'), benchText({ ...base, OnlyInBase: [5] }));
    writeFileSync(join(ws.root, 'head.txt'), benchText({ ...head, OnlyInHead: [5] }));
    const benchstat = await execa(await installBenchstat(), ['base.txt', 'head.txt'], { cwd: ws.root });
    // A row: name, base median ± spread, head median ± spread, then "~" or the change, then (p=... n=...).
    theirs = Object.fromEntries(
      [...benchstat.stdout.matchAll(/^(\w+)-2\s.*?\s(~|[+-][\d.]+%)\s+\(p=/gm)].map(([, name, change]) => [
        name,
        change === '~' ? 'unchanged' : change.startsWith('+') ? 'slower' : 'faster',
      ]),
    );
    const run = await execa(cli, ['compare', 'base.txt', 'head.txt'], { cwd: ws.root, reject: false, all: true });
    expect(run.exitCode).toBe(0);
    output = run.all ?? '';
    ours = Object.fromEntries(
      [...output.matchAll(/^Benchmark(\w+)-2\s.*\s(~|slower|faster)(?: !)?$/gm)].map(([, name, verdict]) => [name, verdict === '~' ? 'unchanged' : verdict]),
    );
  });

  it('gives the verdict benchstat gives, case by case', () => {
    expect(Object.keys(theirs).sort()).toEqual(Object.keys(cases).sort());
    expect(ours).toEqual(theirs);
    expect(ours).toMatchObject({ Identical: 'unchanged', TenPercentSlower: 'slower', TenPercentFaster: 'faster', TwoPercentInNoise: 'unchanged', FewSamples: 'unchanged', FiveSamples: 'slower' });
  });

  it('lists the benchmarks on one side only', () => {
    expect(output).toContain('new in head: example.com/x BenchmarkOnlyInHead-2');
    expect(output).toContain('gone from head: example.com/x BenchmarkOnlyInBase-2');
  });
});

describe('the regression gate, in simulation mode', () => {
  let ws: Workspace;

  beforeAll(async () => {
    ws = await createWorkspace('gate', [{ dir: 'gate', fixture: 'gate', project: benchProject('gate', { mode: 'simulation' }) }]);
    const base = await ws.nx(['run', 'gate:bench', '--profileFolder=out/base']);
    expect(base.exitCode).toBe(0);
  });

  it('passes the same code run twice', async () => {
    const run = await ws.nx(['run', 'gate:bench', '--profileFolder=out/same', '--baseline=out/base', '--failOnRegression']);
    expect(run.exitCode).toBe(0);
    expect(run.all).toMatch(/gate against out\/base/);
    expect(run.all).toMatch(/BenchmarkWork\s.*\+0\.0%.*~/);
  });

  it('fails a benchmark made 30% slower, naming it with its change', async () => {
    const source = join(ws.root, 'gate', 'gate.go');
    writeFileSync(source, readFileSync(source, 'utf8').replace('const size = 1000', 'const size = 1300'));
    const run = await ws.nx(['run', 'gate:bench', '--profileFolder=out/slow', '--baseline=out/base', '--failOnRegression']);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toContain('1 benchmark is slower than out/base by more than 1.0%.');
    expect(run.all).toMatch(/BenchmarkWork \(example\.com\/gate\): \+(29\.\d|30\.\d)%/);
    expect(run.all).not.toMatch(/BenchmarkSteady \(example\.com\/gate\)/);
    // The run's results are written all the same.
    expect(ws.results(join('out', 'slow'))).toHaveLength(1);
  });

  it('refuses a missing baseline, naming the option', async () => {
    const run = await ws.nx(['run', 'gate:bench', '--profileFolder=out/none', '--baseline=out/missing']);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toContain('Cannot compare: out/missing does not exist (option "baseline").');
    // Refused before anything ran: no results.
    expect(ws.results(join('out', 'none'))).toEqual([]);
  });
});
