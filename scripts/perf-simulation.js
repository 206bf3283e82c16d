// Simulation against walltime on the fixture: how far each benchmark's
// figure moves over runs in each mode, and what a run of each costs.
//
//   npm run perf:simulation                      # 5 runs of each mode
//   PERF_RUNS=10 npm run perf:simulation
//
// It runs the plugin's command line (dist/cli/main.js test) on a copy of
// testdata/fixture, walltime and simulation in turn, so that both see the
// machine alike. Per benchmark it prints the median over the runs of the
// walltime median (ns/op) and of the instructions per iteration, each with
// its spread: (largest - smallest) / median over the runs. It is a
// benchmark, not a test.
const { spawnSync } = require('node:child_process');
const { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { median } = require('./perf-stats');

const repo = join(__dirname, '..');
const root = join(repo, 'tmp', 'perf-simulation');
const runs = Number(process.env.PERF_RUNS || 5);
const cli = join(repo, 'dist', 'cli', 'main.js');

rmSync(root, { recursive: true, force: true });
const moduleDir = join(root, 'fixture');
mkdirSync(moduleDir, { recursive: true });
cpSync(join(repo, 'testdata', 'fixture'), moduleDir, { recursive: true });
const cacheDir = join(root, 'plugin-cache');

/** One run of the command line in a mode: its wall time and each benchmark's figure. */
function run(mode) {
  const profile = mkdtempSync(join(root, `${mode}-`));
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cli, 'test', '-bench=.', `--mode=${mode}`, `--profile-folder=${profile}`, `--cache-dir=${cacheDir}`], {
    cwd: moduleDir,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${mode} run failed:\n${result.stdout}${result.stderr}`);
  const dir = join(profile, 'results');
  const results = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8'));
  const figures = Object.fromEntries(
    results.benchmarks.map((b) => [b.name, mode === 'simulation' ? b.stats.instructions : b.stats.median_ns]),
  );
  rmSync(profile, { recursive: true, force: true });
  return { seconds, figures };
}

run('walltime'); // builds into the cache, so both modes are measured warm
run('simulation');
const walltime = [];
const simulation = [];
for (let i = 0; i < runs; i++) {
  walltime.push(run('walltime'));
  simulation.push(run('simulation'));
  process.stderr.write(`run ${i + 1} of ${runs} done\n`);
}

const spread = (values) => (Math.max(...values) - Math.min(...values)) / median(values);
const pct = (x) => `${(100 * x).toFixed(2)}%`.padStart(8);
const names = Object.keys(walltime[0].figures);
const width = Math.max(...names.map((n) => n.length));
console.log(`${runs} runs of each mode of testdata/fixture, ${spawnSync('go', ['version'], { encoding: 'utf8' }).stdout.trim()}`);
console.log(`${'benchmark'.padEnd(width)}  ${'ns/op'.padStart(10)}  ${'spread'.padStart(8)}  ${'instr/op'.padStart(10)}  ${'spread'.padStart(8)}`);
for (const name of names) {
  const w = walltime.map((r) => r.figures[name]);
  const s = simulation.map((r) => r.figures[name]).filter((v) => v !== undefined);
  console.log(
    `${name.padEnd(width)}  ${median(w).toPrecision(5).padStart(10)}  ${pct(spread(w))}  ${s.length ? median(s).toPrecision(5).padStart(10) : '-'.padStart(10)}  ${s.length ? pct(spread(s)) : '-'.padStart(8)}`,
  );
}
const wall = (list) => median(list.map((r) => r.seconds));
console.log(`\nwall time of a run (median): walltime ${wall(walltime).toFixed(2)} s, simulation ${wall(simulation).toFixed(2)} s`);
console.log(`cost ratio simulation / walltime: ${(wall(simulation) / wall(walltime)).toFixed(2)}`);
