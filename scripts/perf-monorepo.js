// Measures the plugin in a monorepo, in one session on one machine:
//  1. `nx run-many -t bench` on testdata/monorepo with --parallel=1 and
//     --parallel=3 (warm plugin cache), reporting wall times and, from the
//     measurement lock's trace, how long compilations overlapped and whether
//     any measurement overlapped anything (it must not);
//  2. inference on a generated tree of Go modules (default 500), cold (no
//     Nx cache) and warm, as Nx's own performance log reports createNodes.
// A measurement, not a test: it never fails on the numbers.
//
//   npm run perf:monorepo
//   PERF_MODULES=2000 PERF_REPEAT=5 npm run perf:monorepo
const { spawnSync } = require('node:child_process');
const { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const repo = join(__dirname, '..');
const root = join(repo, 'tmp', 'perf-monorepo');
const modules = Number(process.env.PERF_MODULES || 500);
const repeat = Number(process.env.PERF_REPEAT || 3);
const npm = process.env.npm_execpath;
const manifest = require(join(repo, 'package.json'));
const cacheDir = join(root, 'plugin-cache');

if (!npm) {
  console.error('Run this script with "npm run perf:monorepo": it needs npm to pack and install the plugin.');
  process.exit(1);
}

function run(command, args, cwd, env = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  }
  return { seconds, out: `${result.stdout}${result.stderr}` };
}

function workspace(name, fill) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  fill(dir);
  writeFileSync(join(dir, 'nx.json'), JSON.stringify({ plugins: [{ plugin: 'nx-go-bench', options: { benchOptions: { benchtime: '100ms' } } }] }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, devDependencies: { nx: manifest.devDependencies.nx, 'nx-go-bench': `file:${tarball}` } }));
  writeFileSync(join(dir, '.gitignore'), 'node_modules\ndist\n.nx\n');
  run(process.execPath, [npm, 'install', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  run('git', ['init', '-q'], dir);
  return dir;
}

const env = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_GO_BENCH_CACHE_DIR: cacheDir, NX_TUI: 'false' };
const nx = (dir, args, extra = {}) => {
  const bin = join(dir, 'node_modules', 'nx', require(join(dir, 'node_modules', 'nx', 'package.json')).bin.nx);
  return run(process.execPath, [bin, ...args], dir, { ...env, ...extra });
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** From a lock trace: seconds with two or more compilations at once, and measurement overlaps. */
function analyseTrace(file) {
  const holds = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([kind, pid, start, end]) => ({ kind, pid, start: Number(start), end: Number(end) }));
  const events = holds.filter((h) => h.kind === 'shared').flatMap((h) => [[h.start, 1], [h.end, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let depth = 0;
  let last = 0;
  let overlapMs = 0;
  for (const [t, d] of events) {
    if (depth >= 2) overlapMs += t - last;
    depth += d;
    last = t;
  }
  const exclusive = holds.filter((h) => h.kind === 'exclusive');
  const clashes = exclusive.filter((x) => holds.some((h) => h !== x && h.start < x.end && x.start < h.end)).length;
  return { compileOverlap: overlapMs / 1000, measurements: exclusive.length, clashes };
}

rmSync(root, { recursive: true, force: true });
mkdirSync(join(root, 'pack'), { recursive: true });
run(process.execPath, [npm, 'pack', '--silent', '--pack-destination', join(root, 'pack')], repo);
const tarball = join(root, 'pack', readdirSync(join(root, 'pack')).find((f) => f.endsWith('.tgz')));
console.log(`${process.version}, ${run('go', ['version'], repo).out.trim()}`);

// 1. run-many on the fixture monorepo.
const mono = workspace('monorepo', (dir) => cpSync(join(repo, 'testdata', 'monorepo'), dir, { recursive: true }));
nx(mono, ['run-many', '-t', 'bench', '--parallel=3']); // warms the plugin cache
console.log(`\nnx run-many -t bench on testdata/monorepo (4 bench projects, benchtime 100ms), median of ${repeat}`);
for (const parallel of [1, 3]) {
  const times = [];
  let trace;
  for (let i = 0; i < repeat; i++) {
    const traceFile = join(root, `trace-${parallel}-${i}.txt`);
    times.push(nx(mono, ['run-many', '-t', 'bench', `--parallel=${parallel}`], { NX_GO_BENCH_LOCK_TRACE: traceFile }).seconds);
    trace = analyseTrace(traceFile);
  }
  console.log(
    `  --parallel=${parallel}: ${median(times).toFixed(2)} s wall; last run: ${trace.measurements} measurements, ` +
      `${trace.clashes} overlapping anything, compilations overlapping for ${trace.compileOverlap.toFixed(2)} s`,
  );
}

// 2. inference on a generated tree.
const tree = workspace('tree', (dir) => {
  for (let i = 0; i < modules; i++) {
    const mod = join(dir, 'mods', `group${i % 20}`, `m${i}`);
    mkdirSync(join(mod, 'internal', 'util'), { recursive: true });
    writeFileSync(join(mod, 'go.mod'), `module example.com/tree/m${i}\n\ngo 1.24\n`);
    writeFileSync(join(mod, 'm.go'), `package m${i}\n\n// F doubles x.\nfunc F(x int) int { return 2 * x }\n`);
    writeFileSync(join(mod, 'm_test.go'), `package m${i}\n\nimport "testing"\n\nfunc TestF(t *testing.T) {\n\tif F(1) != 2 {\n\t\tt.Fatal()\n\t}\n}\n`);
    writeFileSync(join(mod, 'internal', 'util', 'u.go'), 'package util\n\n// G halves x.\nfunc G(x int) int { return x / 2 }\n');
    if (i % 2 === 0) {
      writeFileSync(join(mod, 'internal', 'util', 'u_test.go'), 'package util\n\nimport "testing"\n\nfunc BenchmarkG(b *testing.B) {\n\tfor b.Loop() {\n\t\tG(8)\n\t}\n}\n');
    }
  }
});
const createNodesMs = (out) => Number(/Time taken for 'nx-go-bench:createNodes' ([\d.]+)ms/.exec(out)?.[1]);
const cold = [];
const warm = [];
let wall = [];
for (let i = 0; i < repeat; i++) {
  rmSync(join(tree, '.nx'), { recursive: true, force: true });
  const c = nx(tree, ['show', 'projects', '--with-target', 'bench', '--json'], { NX_PERF_LOGGING: 'true' });
  cold.push(createNodesMs(c.out));
  wall.push(c.seconds);
  warm.push(createNodesMs(nx(tree, ['show', 'projects', '--json'], { NX_PERF_LOGGING: 'true', NX_CACHE_PROJECT_GRAPH: 'false' }).out));
  const listed = JSON.parse(c.out.slice(c.out.indexOf('['), c.out.lastIndexOf(']') + 1));
  if (listed.length !== Math.ceil(modules / 2)) throw new Error(`expected ${Math.ceil(modules / 2)} bench projects, got ${listed.length}`);
}
console.log(`\ninference on ${modules} generated Go modules (${Math.ceil(modules / 2)} with benchmarks), median of ${repeat}`);
console.log(`  createNodes, no Nx cache:             ${median(cold).toFixed(0)} ms`);
console.log(`  createNodes, inference cache warm:    ${median(warm).toFixed(0)} ms`);
console.log(`  whole "nx show projects", no cache:   ${median(wall).toFixed(2)} s`);
