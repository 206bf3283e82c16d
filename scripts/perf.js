// Benchmarks the plugin against plain `go test -bench` on the fixture module,
// in one session on one machine: a cold run (empty plugin cache), warm
// reruns, and plain go test runs interleaved with them. It prints the wall
// time of each kind of run and, per benchmark, our median next to go test's
// ns/op. It is a measurement, not a test: it never fails on the numbers.
//
//   npm run perf                           # benchtime 1s, 5 interleaved pairs
//   PERF_BENCHTIME=200ms PERF_PAIRS=9 npm run perf
const { spawnSync } = require('node:child_process');
const { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const repo = join(__dirname, '..');
const root = join(repo, 'tmp', 'perf');
const workspace = join(root, 'workspace');
const benchtime = process.env.PERF_BENCHTIME || '1s';
const pairs = Number(process.env.PERF_PAIRS || 5);
const npm = process.env.npm_execpath;
const manifest = require(join(repo, 'package.json'));

if (!npm) {
  console.error('Run this script with "npm run perf": it needs npm to pack and install the plugin.');
  process.exit(1);
}

function run(command, args, cwd, env = {}, quiet = true) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: quiet ? 'pipe' : 'inherit',
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
  mkdirSync(join(workspace, 'svc'), { recursive: true });
  cpSync(join(repo, 'testdata', 'fixture'), join(workspace, 'svc'), { recursive: true });
  writeFileSync(
    join(workspace, 'svc', 'project.json'),
    JSON.stringify({ name: 'svc', targets: { bench: { executor: 'nx-go-bench:bench' } } }),
  );
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

/** One `nx run svc:bench`; returns its wall time and medians by go test name (without -N). */
function ours() {
  const profile = mkdtempSync(join(root, 'profile-'));
  const { seconds } = run(process.execPath, [nxBin(), 'run', 'svc:bench', `--benchtime=${benchtime}`, `--profileFolder=${profile}`], workspace, {
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_GO_BENCH_CACHE_DIR: cacheDir,
  });
  const dir = join(profile, 'results');
  const results = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'));
  const medians = {};
  for (const b of results.benchmarks) medians[b.name.split('::').join('/')] = b.stats.median_ns;
  return { seconds, medians };
}

/** One plain go test run in the same module; returns its wall time and ns/op by name (without -N). */
function plain() {
  const { seconds, stdout } = run('go', ['test', '-run=^$', '-bench=.', `-benchtime=${benchtime}`, './...'], join(workspace, 'svc'));
  const nsop = {};
  for (const m of stdout.matchAll(/^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns\/op/gm)) nsop[m[1]] = Number(m[2]);
  return { seconds, nsop };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

setUp();
console.log(`benchtime ${benchtime}, ${pairs} interleaved pairs, ${process.version}`);
console.log(run('go', ['version'], repo).stdout.trim());

plain(); // fills the user's own build cache, so plain go test is measured warm
const cold = ours();
const runs = { ours: [], plain: [] };
for (let i = 0; i < pairs; i++) {
  runs.ours.push(ours());
  runs.plain.push(plain());
}

const wall = (list) => median(list.map((r) => r.seconds));
console.log('\nwall time of the whole run (seconds)');
console.log(`  nx run svc:bench, cold plugin cache   ${cold.seconds.toFixed(2)}`);
console.log(`  nx run svc:bench, warm (median of ${pairs})  ${wall(runs.ours).toFixed(2)}`);
console.log(`  go test -bench, warm (median of ${pairs})    ${wall(runs.plain).toFixed(2)}`);
console.log(`  ratio warm / go test                  ${(wall(runs.ours) / wall(runs.plain)).toFixed(2)}`);
console.log(`  ratio cold / go test                  ${(cold.seconds / wall(runs.plain)).toFixed(2)}`);

console.log('\nper benchmark: median over runs of our median vs go test ns/op; the last column is');
console.log("go test's own spread across its runs (slowest / fastest), the noise floor of this machine");
const names = Object.keys(runs.plain[0].nsop);
const width = Math.max(...names.map((n) => n.length));
console.log(`  ${'benchmark'.padEnd(width)}  ${'ours ns'.padStart(12)}  ${'go test ns'.padStart(12)}  ratio  go test spread`);
for (const name of names) {
  const a = median(runs.ours.map((r) => r.medians[name]).filter((v) => v !== undefined));
  const theirs = runs.plain.map((r) => r.nsop[name]).filter((v) => v !== undefined);
  const b = median(theirs);
  const spread = Math.max(...theirs) / Math.min(...theirs);
  console.log(`  ${name.padEnd(width)}  ${a.toPrecision(5).padStart(12)}  ${b.toPrecision(5).padStart(12)}  ${(a / b).toFixed(3)}  ${spread.toFixed(2)}`);
}
