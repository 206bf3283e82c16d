// Benchmarks the plugin against plain `go test -bench` on the fixture module,
// in one session on one machine. It is a measurement, not a test: it never
// fails on the numbers.
//
// The runs alternate, plain go test first and last:
//   go test -run '^$' -bench . -benchtime=<benchtime> ./...   (plain)
//   nx run svc:bench --benchtime=<benchtime>                  (ours)
//   plain, ours, plain, ... plain
// so each of our runs sits between two plain runs, and each plain run but
// the first and last serves the pairs on both sides of it. On this VM the
// speed of a whole process varies by about 10% from one run to the next,
// with no trend that the next run shares (lag-1 autocorrelation of -0.12
// over 60 plain runs), so what narrows a comparison is the number of pairs,
// and every run does double duty.
//
// Wall time: our runs against the plain runs, warm, plus one cold run with
// an empty plugin cache.
//
// Numbers: each pair gives the ratio of our median to the geometric mean of
// the plain runs right before and right after it; the median of those ratios
// over the pairs is reported with a 95% bootstrap interval (pairs drawn with
// replacement), and the plain runs' own before/after ratio is the noise of
// that comparison. PERF_BENCH narrows the run to the benchmarks in question
// so that more pairs fit in the time.
//
// PERF_SAME_SIZE=1 adds go test samples of our round size right before and
// right after each of our runs (`-benchtime=<iterations>x -count=<rounds>`,
// one invocation per benchmark), so that both sides use the same estimator
// on calls of the same size. It doubles the time of a pair.
//
// Every measurement is also written to tmp/perf/measurements.json, and a copy
// kept in tmp/perf-runs/, which `npm run perf:pool` reads.
//
//   npm run perf                           # benchtime 1s, 5 pairs
//   PERF_BENCHTIME=500ms PERF_PAIRS=9 npm run perf
//   PERF_BENCH='^BenchmarkSum' PERF_PAIRS=30 npm run perf
//   PERF_RUNNER=1 npm run perf             # ours under the fake CodSpeed runner, profiling windows and markers on
const { spawn, spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { median, mean, interval, finite, plainOf, pairedRatios } = require('./perf-stats');

const repo = join(__dirname, '..');
const root = join(repo, 'tmp', 'perf');
const runsDir = join(repo, 'tmp', 'perf-runs');
const workspace = join(root, 'workspace');
const moduleDir = join(workspace, 'svc');
const benchtime = process.env.PERF_BENCHTIME || '1s';
const pairs = Number(process.env.PERF_PAIRS || 5);
const bench = process.env.PERF_BENCH || '.';
const sameSize = process.env.PERF_SAME_SIZE === '1';
const underRunner = process.env.PERF_RUNNER === '1';
const npm = process.env.npm_execpath;
const manifest = require(join(repo, 'package.json'));

if (!npm) {
  console.error('Run this script with "npm run perf": it needs npm to pack and install the plugin.');
  process.exit(1);
}

function run(command, args, cwd, env = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  }
  return { seconds, stdout: result.stdout ?? '' };
}

function setUp() {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'pack'), { recursive: true });
  run(process.execPath, [npm, 'pack', '--silent', '--pack-destination', join(root, 'pack')], repo);
  const tarball = join(root, 'pack', readdirSync(join(root, 'pack')).find((f) => f.endsWith('.tgz')));
  mkdirSync(moduleDir, { recursive: true });
  cpSync(join(repo, 'testdata', 'fixture'), moduleDir, { recursive: true });
  writeFileSync(join(moduleDir, 'project.json'), JSON.stringify({ name: 'svc', targets: { bench: { executor: 'nx-go-bench:bench' } } }));
  writeFileSync(join(workspace, 'nx.json'), '{}\n');
  writeFileSync(
    join(workspace, 'package.json'),
    JSON.stringify({ name: 'perf', private: true, devDependencies: { nx: manifest.devDependencies.nx, 'nx-go-bench': `file:${tarball}` } }),
  );
  run(process.execPath, [npm, 'install', '--no-audit', '--no-fund', '--loglevel=error'], workspace);
  run('git', ['init', '-q'], workspace);
}

const cacheDir = join(root, 'plugin-cache');
const nxBin = () => join(workspace, 'node_modules', 'nx', require(join(workspace, 'node_modules', 'nx', 'package.json')).bin.nx);

/** Go test names (`BenchmarkA/b`) with the values of their result lines, without the -N suffix. */
function nsPerOp(text) {
  const values = {};
  for (const m of text.matchAll(/^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns\/op/gm)) (values[m[1]] ??= []).push(Number(m[2]));
  return values;
}

/**
 * Starts testdata/runner/fakerunner with its pipes in a folder of its own,
 * for a run of ours under a CodSpeed runner: the hooks then open a window
 * per benchmark and send its round markers between rounds.
 */
function startRunner() {
  const binary = join(root, 'fakerunner');
  if (!existsSync(binary)) run('go', ['build', '-o', binary, './fakerunner'], join(repo, 'testdata', 'runner'));
  const dir = mkdtempSync(join(root, 'pipes-'));
  const log = join(dir, 'log.jsonl');
  const ready = join(dir, 'ready');
  const child = spawn(binary, ['-dir', dir, '-log', log, '-ready', ready], { stdio: 'ignore' });
  while (!existsSync(ready)) spawnSync('sleep', ['0.05']);
  return {
    dir,
    stop() {
      child.kill('SIGKILL');
      return readFileSync(log, 'utf8').split('\n').filter((line) => line.includes('"ExecutedBenchmark"')).length;
    },
  };
}

/**
 * One `nx run svc:bench`: its wall time, every round's ns/op from the Go text
 * file, and per benchmark the package and the round size to match.
 */
function ours() {
  const profile = mkdtempSync(join(root, 'profile-'));
  const runner = underRunner ? startRunner() : undefined;
  let seconds;
  let executed;
  try {
    ({ seconds } = run(process.execPath, [nxBin(), 'run', 'svc:bench', `--bench=${bench}`, `--benchtime=${benchtime}`, `--profileFolder=${profile}`], workspace, {
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_GO_BENCH_CACHE_DIR: cacheDir,
      ...(runner ? { CODSPEED_ENV: 'runner', NX_GO_BENCH_RUNNER_FIFO_DIR: runner.dir } : {}),
    }));
  } finally {
    executed = runner?.stop();
  }
  if (executed === 0) throw new Error('the fake runner was told of no benchmark');
  const only = (dir) => join(profile, dir, readdirSync(join(profile, dir))[0]);
  const results = JSON.parse(readFileSync(only('results'), 'utf8'));
  const sizes = results.benchmarks.map((b) => ({
    name: b.name.split('::').join('/'),
    pkg: `./${dirname(b.uri.split('::')[0]).split('/').slice(1).join('/')}`,
    iterations: b.stats.iter_per_round,
    rounds: b.stats.rounds,
  }));
  const rounds = nsPerOp(readFileSync(only('benchfmt'), 'utf8'));
  rmSync(profile, { recursive: true, force: true });
  return { seconds, rounds, sizes };
}

/** go test samples of the same size as our rounds, one invocation per benchmark. */
function matched(sizes) {
  const samples = {};
  for (const { name, pkg, iterations, rounds } of sizes) {
    const pattern = name
      .split('/')
      .map((part) => `^${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
      .join('/');
    const { stdout } = run('go', ['test', '-run=^$', `-bench=${pattern}`, `-benchtime=${iterations}x`, `-count=${rounds}`, pkg], moduleDir);
    samples[name] = nsPerOp(stdout)[name] ?? [];
  }
  return samples;
}

/** One plain `go test -bench` run: its wall time and ns/op by name. */
function plain() {
  const { seconds, stdout } = run('go', ['test', '-run=^$', `-bench=${bench}`, `-benchtime=${benchtime}`, './...'], moduleDir);
  return { seconds, nsop: nsPerOp(stdout) };
}

const pooled = (runs, name) => runs.flatMap((r) => r[name] ?? []);

setUp();
console.log(`benchtime ${benchtime}, bench ${bench}, ${pairs} pairs, ${process.version}${underRunner ? ', ours under the fake CodSpeed runner' : ''}`);
console.log(run('go', ['version'], repo).stdout.trim());

plain(); // fills the user's own build cache, so plain go test is measured warm
const cold = ours();
let sizes = cold.sizes;
const before = [];
const after = [];
const oursRuns = [];
const plainRuns = [plain()];
for (let i = 0; i < pairs; i++) {
  if (sameSize) before.push(matched(sizes));
  const r = ours();
  oursRuns.push(r);
  sizes = r.sizes;
  if (sameSize) after.push(matched(sizes));
  plainRuns.push(plain());
  process.stderr.write(`pair ${i + 1} of ${pairs} done\n`);
}
let commit = 'unknown';
try {
  commit = run('git', ['rev-parse', '--short', 'HEAD'], repo).stdout.trim();
} catch {
  // a copy of the repository without git history still measures
}
const date = new Date().toISOString();
const measurements = { date, commit, benchtime, bench, underRunner, cold, oursRuns, plainRuns, before, after };
writeFileSync(join(root, 'measurements.json'), JSON.stringify(measurements));
// setUp removes tmp/perf, so runs are kept beside it for npm run perf:pool.
mkdirSync(runsDir, { recursive: true });
writeFileSync(join(runsDir, `${date.replace(/[:.]/g, '-')}.json`), JSON.stringify(measurements));

const wall = (list) => median(list.map((r) => r.seconds));
console.log('\nwall time of the whole run (seconds)');
console.log(`  nx run svc:bench, cold plugin cache      ${cold.seconds.toFixed(2)}`);
console.log(`  nx run svc:bench, warm (median of ${pairs})     ${wall(oursRuns).toFixed(2)}`);
const plainWall = wall(plainRuns);
console.log(`  go test -bench, warm (median of ${plainRuns.length})      ${plainWall.toFixed(2)}`);
console.log(`  ratio warm / go test                     ${(wall(oursRuns) / plainWall).toFixed(2)}`);
console.log(`  ratio cold / go test                     ${(cold.seconds / plainWall).toFixed(2)}`);

console.log('\nper benchmark, ns/op over all pairs');
console.log('  ours = median of all our rounds; plain = median of the plain runs\' ns/op');
console.log('  ratio = median over pairs of our median over the geometric mean of the plain runs before and');
console.log('    after it, with its 95% bootstrap interval; noise = the plain runs\' before / after');
console.log('  mean ratio = the same with our mean over the rounds of each run in place of our median');
if (sameSize) {
  console.log('  same size: go test = median of its samples of our round size, before and after ours;');
  console.log('    noise = those before / after');
}
const names = sizes.map((s) => s.name);
const width = Math.max(...names.map((n) => n.length));
const num = (v) => v.toPrecision(5).padStart(10);
const sameSizeHead = sameSize ? `  |  ${'same size'.padStart(10)}  ratio  noise` : '';
console.log(
  `  ${'benchmark'.padEnd(width)}  ${'ours'.padStart(10)}  ${'plain'.padStart(10)}  ratio  ${'95% interval'.padEnd(13)}  noise  mean ratio  ${'95% interval'.padEnd(13)}${sameSizeHead}`,
);
for (const name of names) {
  const ourRounds = oursRuns.flatMap((r) => r.rounds[name] ?? []);
  const a = median(ourRounds);
  const p = median(plainRuns.map((r) => plainOf(r, name)).filter((v) => v !== undefined));
  const paired = pairedRatios(measurements, name, median);
  const pairedMeans = pairedRatios(measurements, name, mean);
  const plainNoise = median(finite(oursRuns.map((_, i) => plainOf(plainRuns[i], name) / plainOf(plainRuns[i + 1], name))));
  const [low, high] = interval(paired);
  const [meanLow, meanHigh] = interval(pairedMeans);
  let sameSizeColumns = '';
  if (sameSize) {
    const b = median([...pooled(before, name), ...pooled(after, name)]);
    const noise = median(pooled(before, name)) / median(pooled(after, name));
    sameSizeColumns = `  |  ${num(b)}  ${(a / b).toFixed(3)}  ${noise.toFixed(3)}`;
  }
  console.log(
    `  ${name.padEnd(width)}  ${num(a)}  ${num(p)}  ${median(paired).toFixed(3)}  ${low.toFixed(3)}-${high.toFixed(3)}  ${plainNoise.toFixed(3)}  ${median(pairedMeans).toFixed(3).padStart(10)}  ${meanLow.toFixed(3)}-${meanHigh.toFixed(3)}${sameSizeColumns}`,
  );
}
