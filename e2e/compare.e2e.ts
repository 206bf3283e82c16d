import execa from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { installBenchstat } from './support/benchstat';
import { e2eRoot, templateDir } from './support/paths';
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
      [...output.matchAll(/^Benchmark(\w+)-2\s.*\s(~|\?|slower|faster)(?: !)?$/gm)].map(([, name, verdict]) => [name, { '~': 'unchanged', '?': 'undecidable' }[verdict] ?? verdict]),
    );
  });

  it('gives the verdict benchstat gives, case by case, but says where the test cannot decide', () => {
    expect(Object.keys(theirs).sort()).toEqual(Object.keys(cases).sort());
    // Three samples a side can never reach p < 0.05: benchstat prints "~", this command "?".
    expect(ours).toEqual({ ...theirs, FewSamples: 'undecidable' });
    expect(theirs.FewSamples).toBe('unchanged');
    expect(ours).toMatchObject({ Identical: 'unchanged', TenPercentSlower: 'slower', TenPercentFaster: 'faster', TwoPercentInNoise: 'unchanged', FiveSamples: 'slower' });
  });

  it('lists the benchmarks on one side only', () => {
    expect(output).toContain('new in head: example.com/x BenchmarkOnlyInHead-2');
    expect(output).toContain('gone from head: example.com/x BenchmarkOnlyInBase-2');
  });
});

describe('the HTML report, in headless Chromium', () => {
  const shots = join(e2eRoot, 'artifacts');
  let ws: Workspace;
  let browser: Browser;

  /** Opens a page, and returns its errors, the URLs it asked for, and each chart's marks per dataset, by canvas id. */
  async function open(file: string, screenshot: string) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(String(e)));
    page.on('request', (r) => void requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    const marks = await page.evaluate(() => {
      const charts = (globalThis as unknown as { Chart: { instances: Record<string, { canvas: { id: string }; data: { datasets: unknown[] }; getDatasetMeta(i: number): { data: unknown[] } }> } }).Chart.instances;
      return Object.fromEntries(Object.values(charts).map((c) => [c.canvas.id, c.data.datasets.map((_, i) => c.getDatasetMeta(i).data.length)]));
    });
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, screenshot), fullPage: true });
    await page.close();
    return { errors, requests, marks };
  }

  beforeAll(async () => {
    ws = await createWorkspace('report', [], { git: false });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws a comparison with one mark per benchmark and side, fetching nothing, with no console error', async () => {
    writeFileSync(join(ws.root, 'base.txt'), benchText({ A: around(100), B: around(2000), C: around(50), Gone: [1] }));
    writeFileSync(join(ws.root, 'head.txt'), benchText({ A: around(110), B: around(1900), C: around(50), New: [1] }));
    const run = await execa(cli, ['compare', 'base.txt', 'head.txt', '--html', 'report.html'], { cwd: ws.root });
    expect(run.exitCode).toBe(0);
    const page = await open(join(ws.root, 'report.html'), 'compare-report.png');
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([pathToFileURL(join(ws.root, 'report.html')).href]);
    expect(page.marks).toEqual({
      medians: [3, 3],
      change: [3, 3],
      'rounds-0': [10, 10],
      'rounds-1': [10, 10],
      'rounds-2': [10, 10],
    });
  });

  it('draws the history of several runs, one point per run', async () => {
    for (const [i, center] of [100, 104, 97].entries()) writeFileSync(join(ws.root, `run${i}.txt`), benchText({ A: around(center), B: around(5 * center) }));
    const run = await execa(cli, ['history', 'run0.txt', 'run1.txt', 'run2.txt', '--html', 'history.html'], { cwd: ws.root });
    // Medians of ten rounds: the mean of the middle two, 0.1% above the center.
    expect(run.stdout).toContain('ns/op, median per run: run0.txt, run1.txt, run2.txt');
    expect(run.stdout).toMatch(/^BenchmarkA-2\s+100\.1\s+104\.1\s+97\.09$/m);
    const page = await open(join(ws.root, 'history.html'), 'history-report.png');
    expect(page.errors).toEqual([]);
    expect(page.marks).toEqual({ 'history-0': [3], 'history-1': [3] });
  });
});

describe('compare refuses bad input with a clear error', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace('badcompare', [], { git: false });
    writeFileSync(join(ws.root, 'a.txt'), benchText({ A: [1, 2, 3] }));
    writeFileSync(join(ws.root, 'b.txt'), benchText({ B: [1, 2, 3] }));
    writeFileSync(join(ws.root, 'sim.txt'), benchText({ A: [1] }).replace(/ns\/op/g, 'instructions/op'));
    writeFileSync(join(ws.root, 'corrupt.json'), '{"instrument": {"type": "walltime"}, "benchmarks": [');
  });

  it.each([
    ['a missing file', ['missing.txt', 'a.txt'], 'Cannot compare: missing.txt does not exist.'],
    ['no benchmark in common', ['a.txt', 'b.txt'], 'Cannot compare a.txt with b.txt: they have no benchmark in common.'],
    ['mixed modes', ['a.txt', 'sim.txt'], 'Cannot compare walltime results (a.txt) with simulation results (sim.txt): their numbers do not compare.'],
    ['a corrupt results file', ['corrupt.json', 'a.txt'], 'Cannot compare: corrupt.json is not a results file.'],
  ])('%s', async (_, args, message) => {
    const run = await execa(cli, ['compare', ...args], { cwd: ws.root, reject: false, all: true });
    expect(run.exitCode).toBe(1);
    expect(run.all).toContain(message);
    // A clear error, not a crash: no stack trace.
    expect(run.all).not.toMatch(/^\s+at /m);
  });
});

describe('compare names the report file it cannot write, and keeps the gate\'s verdict', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace('outputs', [], { git: false });
    writeFileSync(join(ws.root, 'base.txt'), benchText({ A: around(100) }));
    writeFileSync(join(ws.root, 'slow.txt'), benchText({ A: around(130) }));
    mkdirSync(join(ws.root, 'a-folder'));
  });

  it.each([
    ['onto a folder', ['--html', 'a-folder'], 'Cannot write a-folder (from --html): it is a folder.'],
    ['into a missing folder', ['--markdown', 'missing/comment.md'], 'Cannot write missing/comment.md (from --markdown): the folder missing does not exist.'],
  ])('writing a report %s: exit 1, the regression named all the same, no stack trace', async (_, flags, message) => {
    const run = await execa(cli, ['compare', 'base.txt', 'slow.txt', '--fail-on-regression', ...flags], { cwd: ws.root, reject: false, all: true });
    expect(run.exitCode).toBe(1);
    expect(run.all).toContain(message);
    expect(run.all).toContain('1 benchmark is slower than base.txt by more than 5.0%, significantly.');
    expect(run.all).not.toMatch(/^\s+at /m);
  });

  it('writing into a read-only folder', async () => {
    const folder = join(ws.root, 'read-only');
    mkdirSync(folder);
    const mounted = await execa('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', folder], { reject: false });
    if (mounted.exitCode !== 0) throw new Error(`this case mounts a read-only tmpfs, which needs root: ${mounted.stderr}`);
    try {
      const run = await execa(cli, ['compare', 'base.txt', 'base.txt', '--html', 'read-only/report.html'], { cwd: ws.root, reject: false, all: true });
      expect(run.exitCode).toBe(1);
      expect(run.all).toContain('Cannot write read-only/report.html (from --html): the file system is read-only.');
      expect(run.all).toMatch(/^BenchmarkA-2\s.*~$/m);
    } finally {
      await execa('umount', [folder], { reject: false });
    }
  });

  it('warns, and passes, where GITHUB_STEP_SUMMARY cannot be written', async () => {
    const run = await execa(cli, ['compare', 'base.txt', 'base.txt'], { cwd: ws.root, reject: false, all: true, env: { GITHUB_STEP_SUMMARY: '/dev/full' } });
    expect(run.exitCode).toBe(0);
    expect(run.all).toContain('nx-go-bench: warning: cannot append to GITHUB_STEP_SUMMARY (/dev/full): the disk is full;');
  });

  it('refuses history --html without a file name, writing nothing', async () => {
    const run = await execa(cli, ['history', 'base.txt', 'slow.txt', '--html'], { cwd: ws.root, reject: false, all: true });
    expect(run.exitCode).toBe(1);
    expect(run.all).toContain('history: --html needs a file name.');
  });
});

describe('compare keeps every benchmark', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace('units', [], { git: false });
  });

  const lines = (pkg: string, name: string, rounds: (i: number) => string) => [`pkg: ${pkg}`, ...Array.from({ length: 10 }, (_, i) => `${name}\t1000\t${rounds(i)}`)];

  it.each([
    ['b.ReportMetric(0, "ns/op") and a metric of its own', (i: number) => `${40 + i} frames/op`],
    ['B/op only', (i: number) => `${4096 + i} B/op`],
    ['MB/s only', (i: number) => `${900 + i} MB/s`],
    ['a custom unit only', (i: number) => `${7 + i} widgets/op`],
  ])('compares a text with %s with itself, alone and beside timed benchmarks', async (label, rounds) => {
    const file = `units-${label.replace(/\W+/g, '-')}.txt`;
    const mixed = `mixed-${file}`;
    writeFileSync(join(ws.root, file), ['goos: linux', ...lines('example.com/u', 'BenchmarkOdd-2', rounds)].join('\n') + '\n');
    writeFileSync(join(ws.root, mixed), [readFileSync(join(ws.root, file), 'utf8'), benchText({ Timed: around(100) })].join(''));
    for (const name of [file, mixed]) {
      const run = await execa(cli, ['compare', name, name], { cwd: ws.root, reject: false, all: true });
      expect(run.exitCode).toBe(0);
      expect(run.all).toMatch(/^BenchmarkOdd-2\s.*\+0\.0%.*~$/m);
      expect(run.all).not.toContain('no benchmark in common');
    }
  });

  it('shows the package of benchmarks that share a name, and always in Markdown', async () => {
    writeFileSync(join(ws.root, 'two.txt'), [...lines('example.com/a', 'BenchmarkX-2', (i) => `${100 + i} ns/op`), ...lines('example.com/b', 'BenchmarkX-2', (i) => `${200 + i} ns/op`)].join('\n') + '\n');
    const run = await execa(cli, ['compare', 'two.txt', 'two.txt', '--markdown', 'two.md'], { cwd: ws.root, reject: false, all: true });
    expect(run.exitCode).toBe(0);
    expect(run.all).toMatch(/^BenchmarkX-2 \(example\.com\/a\)\s+105 ns\s+105 ns\s/m);
    expect(run.all).toMatch(/^BenchmarkX-2 \(example\.com\/b\)\s+205 ns\s+205 ns\s/m);
    const md = readFileSync(join(ws.root, 'two.md'), 'utf8');
    expect(md).toContain('| benchmark | package | base | head |');
    expect(md).toContain('| BenchmarkX-2 | example.com/a | 105 ns |');
    expect(md).toContain('| BenchmarkX-2 | example.com/b | 205 ns |');
  });
});

describe('the regression gate, in walltime mode', () => {
  let ws: Workspace;

  beforeAll(async () => {
    ws = await createWorkspace('wallgate', [
      { dir: 'gate', fixture: 'gate', project: benchProject('gate', { benchtime: '20ms' }) },
      { dir: 'svc', fixture: 'fixture', project: benchProject('svc', { benchtime: '20ms', bench: 'FNV' }) },
    ]);
    // A baseline recorded on a machine of 8 cores: go test names its benchmarks -8.
    expect((await ws.nx(['run', 'gate:bench', '--cpu=8', '--profileFolder=out/eight'])).exitCode).toBe(0);
    expect((await ws.nx(['run', 'gate:bench', '--benchtime=1000x', '--profileFolder=out/once'])).exitCode).toBe(0);
  });

  it('fails code made 10x slower against a baseline recorded at another GOMAXPROCS', async () => {
    const source = join(ws.root, 'gate', 'gate.go');
    const original = readFileSync(source, 'utf8');
    writeFileSync(source, original.replace('const size = 1000', 'const size = 10000'));
    try {
      const run = await ws.nx(['run', 'gate:bench', '--profileFolder=out/ten', '--baseline=out/eight', '--failOnRegression']);
      expect(run.exitCode).not.toBe(0);
      expect(run.all).toMatch(/GOMAXPROCS differ: base ran at -8, head at -\d+; benchmarks were matched by name without that suffix\./);
      expect(run.all).toMatch(/^BenchmarkWork-\d+\s.*slower !$/m);
      // BenchmarkSteady, unchanged, may read slower too: the baseline ran at 8 threads on fewer cores.
      expect(run.all).toMatch(/\d benchmarks? (is|are) slower than out\/eight by more than 5\.0%, significantly\./);
      expect(run.all).toMatch(/BenchmarkWork-\d+ \(example\.com\/gate\): \+\d{3,}\.\d%/);
    } finally {
      writeFileSync(source, original);
    }
  });

  it('fails a gated benchmark of one round a side as undecidable, naming it and what to change', async () => {
    const run = await ws.nx(['run', 'gate:bench', '--benchtime=1000x', '--profileFolder=out/once-again', '--baseline=out/once', '--failOnRegression']);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toContain('The gate cannot decide on 2 benchmarks: too few rounds for the test against out/once to reach p < 0.05.');
    expect(run.all).toMatch(/BenchmarkWork-\d+ \(example\.com\/gate\): [+-][\d.]+%, from 1 round in base and 1 round in head/);
    expect(run.all).toContain('a duration benchtime rather than Nx');
    expect(run.all).toMatch(/^BenchmarkWork-\d+\s.*\?$/m);
  });

  it.each([
    ['of another mode', ['gate:bench', '--mode=simulation', '--baseline=out/eight'], 'The baseline out/eight (option "baseline") holds walltime results, and this run measures in simulation mode: their numbers do not compare.'],
    ['holding none of the project\'s benchmarks', ['svc:bench', '--baseline=out/eight', '--failOnRegression'], 'The baseline out/eight (option "baseline") holds none of svc\'s benchmarks: with "failOnRegression", the gate would compare nothing and pass whatever the code does.'],
  ])('refuses a baseline %s before anything is measured', async (_, [target, ...args], message) => {
    const run = await ws.nx(['run', target, '--profileFolder=out/refused', ...args]);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toContain(message);
    expect(run.all).not.toMatch(/^ok\s+example\.com/m);
    expect(ws.results(join('out', 'refused'))).toEqual([]);
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
