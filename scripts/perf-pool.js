// Pools the runs of `npm run perf` kept in tmp/perf-runs/ (or the
// measurement files given as arguments) into one ratio per benchmark.
//
// On a shared VM a whole run can sit a few percent to one side: the hour's
// load moves two test binaries differently even when both measure with the
// standard package's code. One run's interval, drawn over its own pairs,
// does not show that; the interval here draws whole runs first, then pairs
// within them, so it does.
//
//   npm run perf:pool
//   npm run perf:pool -- a.json b.json

const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { median, mean, clusteredInterval, pairedRatios } = require('./perf-stats');

const runsDir = join(__dirname, '..', 'tmp', 'perf-runs');
let files = process.argv.slice(2);
if (files.length === 0) {
  let names = [];
  try {
    names = readdirSync(runsDir).filter((f) => f.endsWith('.json'));
  } catch {
    // no runs kept yet: reported below
  }
  files = names.sort().map((f) => join(runsDir, f));
}
if (files.length === 0) {
  console.error(`No runs to pool: run "npm run perf" first (it keeps each run in ${runsDir}), or name measurement files.`);
  process.exit(1);
}

const runs = files.map((file) => ({ file, ...JSON.parse(readFileSync(file, 'utf8')) }));
const benchtimes = [...new Set(runs.map((r) => r.benchtime))];
if (benchtimes.length > 1) {
  console.error(`These runs used different benchtimes (${benchtimes.join(', ')}); pool runs of one benchtime at a time:`);
  for (const r of runs) console.error(`  ${r.file}: ${r.benchtime}`);
  process.exit(1);
}

console.log(`${runs.length} runs, benchtime ${benchtimes[0]}`);
for (const r of runs) {
  console.log(`  ${r.date ?? '(no date)'}  ${r.commit ?? '(no commit)'}  ${r.oursRuns.length} pairs  bench ${r.bench}  ${r.file}`);
}

const names = [...new Set(runs.flatMap((r) => r.oursRuns.flatMap((o) => Object.keys(o.rounds))))];
const width = Math.max(...names.map((n) => n.length));
console.log('\n  ratio = median over the pooled pairs of our median over the geometric mean of the plain runs');
console.log('    before and after it; interval = 95%, drawing runs, then pairs within them');
console.log('  mean ratio = the same with our mean over the rounds of each run; per run = each run\'s ratio');
console.log(`  ${'benchmark'.padEnd(width)}  pairs  ratio  95% interval   mean ratio  95% interval   per run`);
for (const name of names) {
  const byRun = (estimate) => runs.map((r) => pairedRatios(r, name, estimate)).filter((ratios) => ratios.length > 0);
  const medians = byRun(median);
  const means = byRun(mean);
  const [low, high] = clusteredInterval(medians);
  const [meanLow, meanHigh] = clusteredInterval(means);
  const pairs = medians.reduce((n, ratios) => n + ratios.length, 0);
  console.log(
    `  ${name.padEnd(width)}  ${String(pairs).padStart(5)}  ${median(medians.flat()).toFixed(3)}  ${low.toFixed(3)}-${high.toFixed(3)}  ${median(means.flat()).toFixed(3).padStart(10)}  ${meanLow.toFixed(3)}-${meanHigh.toFixed(3)}  ${medians.map((m) => median(m).toFixed(3)).join(' ')}`,
  );
}
