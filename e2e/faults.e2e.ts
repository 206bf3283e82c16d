import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import execa from 'execa';
import { pluginCacheDir, workspacesDir } from './support/paths';
import { followTree, processes, waitFor } from './support/processes';
import { expectWalltimeFormat } from './support/results-format';
import { benchProject, createWorkspace, type Workspace } from './support/workspace';

jest.setTimeout(10 * 60 * 1000);

/**
 * The fault catalogue: bad input and faults a hostile but realistic user or
 * CI would bring, each with the exact message it must give. After every
 * case: no process the run started is left (found by parent chain), no lock
 * entry of those processes is left, no temporary file is left, and results
 * written before are intact.
 */

interface Results {
  benchmarks: { name: string; uri: string; config: Record<string, number | null>; stats: Record<string, number> }[];
}

const lockFolders = ['readers', 'intents', 'writers', 'staging'].map((f) => join(pluginCacheDir, 'locks', 'measure', f));

/** Every file below dir with its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, entry);
    if (statSync(path).isFile()) out[entry] = readFileSync(path, 'utf8');
  }
  return out;
}

/** Files a run may leave only while it runs: records, partial results, lock entries and staging of its processes. */
function leftovers(profile: string, pids: Set<number>): string[] {
  const own = (name: string) => pids.has(Number(/^\.?(\d+)[-.]/.exec(name)?.[1]));
  const inProfile = Object.keys(snapshot(profile)).filter((f) => f.startsWith('raw/') || f.endsWith('.tmp'));
  const locks = lockFolders.flatMap((folder) => (existsSync(folder) ? readdirSync(folder).filter(own).map((f) => join(folder, f)) : []));
  const staging = join(pluginCacheDir, 'tmp');
  const stages = existsSync(staging) ? readdirSync(staging).filter((f) => pids.has(Number(/-(\d+)-/.exec(f)?.[1]))) : [];
  return [...inProfile, ...locks, ...stages];
}

describe('fault catalogue (go1.26.8)', () => {
  let ws: Workspace;
  let profile: string;
  let before: Record<string, string>;

  /** Runs nx, following its process tree; checks that nothing of it is left once it ends. */
  async function nx(args: string[], env: NodeJS.ProcessEnv = {}, during?: (child: execa.ExecaChildProcess, tree: ReturnType<typeof followTree>) => Promise<void>) {
    const child = ws.nx(args, env);
    const tree = followTree(child.pid!);
    try {
      if (during) {
        // A run that ends before what `during` waits for fails the case at once, with its output.
        const ended = child.then((run) => {
          throw new Error(`nx ended first, with exit code ${run.exitCode}:\n${run.all?.slice(-3000)}`);
        });
        ended.catch(() => undefined);
        await Promise.race([during(child, tree), ended]);
      }
      const run = await child;
      await waitFor('every process of the run to end', () => tree.left().length === 0, 10_000).catch(() => {
        throw new Error(`left running: ${JSON.stringify(tree.left())}`);
      });
      const pids = new Set([child.pid!, ...tree.seen().map((p) => p.pid)]);
      return { run, pids };
    } finally {
      tree.stop();
    }
  }

  const expectClean = (pids: Set<number>, folder = profile) => expect(leftovers(folder, pids)).toEqual([]);

  beforeAll(async () => {
    ws = await createWorkspace('faults', [
      { dir: 'svc', fixture: 'fixture', project: benchProject('svc', { benchtime: '20ms', bench: 'FNV|Spin' }) },
      { dir: 'hostile', fixture: 'hostile', project: benchProject('hostile', { benchtime: '20ms', bench: '^Benchmark(Loud|LongLine)$' }) },
      { dir: 'future', fixture: 'hostile', project: benchProject('future', { benchtime: '20ms' }) },
      { dir: 'broken', fixture: 'broken', project: benchProject('broken', { benchtime: '20ms' }) },
      { dir: 'failing', fixture: 'failing', project: benchProject('failing', { benchtime: '20ms' }) },
      { dir: 'badmod', fixture: 'gate', project: benchProject('badmod', { benchtime: '20ms' }) },
      { dir: 'vendored', fixture: 'withdep', project: benchProject('vendored', { benchtime: '20ms', env: { GOFLAGS: '-mod=vendor' } }) },
      { dir: 'outside/a', fixture: 'gate', project: benchProject('outside-a', { benchtime: '20ms' }) },
      { dir: 'outside/b', fixture: 'gate', project: benchProject('outside-b', { benchtime: '20ms' }) },
    ]);
    appendFileSync(join(ws.root, 'badmod', 'go.mod'), 'garbage line\n');
    for (const module of ['a', 'b']) {
      const goModFile = join(ws.root, 'outside', module, 'go.mod');
      writeFileSync(goModFile, readFileSync(goModFile, 'utf8').replace('module example.com/gate', `module example.com/outside/${module}`));
    }
    // A go.work that leaves outside/b out.
    writeFileSync(join(ws.root, 'outside', 'go.work'), 'go 1.24\n\nuse ./a\n');
    const goMod = join(ws.root, 'future', 'go.mod');
    writeFileSync(goMod, readFileSync(goMod, 'utf8').replace(/^go 1\.\d+$/m, 'go 1.30'));
    const nxJson = ws.readJson<object>(join(ws.root, 'nx.json'));
    writeFileSync(join(ws.root, 'nx.json'), JSON.stringify({ ...nxJson, plugins: ['nx-go-bench'], targetDefaults: { bench: { cache: false } } }, null, 2));
    profile = join(ws.root, 'dist', 'go-bench');
    const { run, pids } = await nx(['run', 'svc:bench']);
    expect(run.exitCode).toBe(0);
    // Within the wall-time budget nothing is cut.
    expect(run.all).not.toMatch(/\bcut\b/);
    expectClean(pids);
    before = snapshot(profile);
    const files = Object.keys(before).sort();
    expect(files).toEqual([
      expect.stringMatching(/^benchfmt\/\d+\.txt$/),
      expect.stringMatching(/^environment-\d+\.json$/),
      expect.stringMatching(/^results\/\d+\.json$/),
    ]);
    // The merge of the run's results leaves one environment file, that of the merged results file.
    expect(files[1].replace('environment-', 'results/')).toBe(files[2]);
  });

  const refusals: [string, string[], NodeJS.ProcessEnv, string | RegExp][] = [
    ['a profile folder under /proc', ['--profileFolder=/proc/forbidden'], {}, 'Cannot use /proc/forbidden (from option "profileFolder"): it is under /proc, a kernel file system that holds no ordinary files.'],
    ['a cache folder under /proc', ['--cacheDir=/proc/forbidden'], {}, 'Cannot use /proc/forbidden (from option "cacheDir"): it is under /proc, a kernel file system that holds no ordinary files.'],
    ['a profile folder under /sys', ['--profileFolder=/sys/forbidden'], {}, 'Cannot use /sys/forbidden (from option "profileFolder"): it is under /sys, a kernel file system that holds no ordinary files.'],
    ['CODSPEED_PROFILE_FOLDER under /proc', [], { CODSPEED_PROFILE_FOLDER: '/proc/x' }, 'Cannot use /proc/x (from CODSPEED_PROFILE_FOLDER): it is under /proc, a kernel file system that holds no ordinary files.'],
    ['NX_GO_BENCH_CACHE_DIR under /proc', [], { NX_GO_BENCH_CACHE_DIR: '/proc/x' }, 'Cannot use /proc/x (from NX_GO_BENCH_CACHE_DIR): it is under /proc, a kernel file system that holds no ordinary files.'],
    ['a profile folder that is a file', ['--profileFolder=package.json'], {}, /Cannot use \/\S+\/package\.json \(from option "profileFolder"\): it is a file, not a folder\./],
    ['a cache folder inside a file', ['--cacheDir=package.json/cache'], {}, /Cannot use \/\S+\/package\.json\/cache \(from option "cacheDir"\): it cannot be created: a file stands in its path\./],
    ['an unparseable benchtime', ['--benchtime=fast'], {}, 'Invalid option "benchtime": "fast" is neither a duration nor an iteration count.'],
    ['an invalid bench regexp', ['--bench=Sum('], {}, /Invalid option "bench": "Sum\(" is not a valid Go regular expression[\s\S]*missing closing \)/],
    ['an unknown mode', ['--mode=turbo'], {}, /Property 'mode' does not match the schema[\s\S]*turbo|mode[\s\S]*turbo/],
    ['an unknown CODSPEED_RUNNER_MODE', [], { CODSPEED_RUNNER_MODE: 'turbo' }, 'Invalid CODSPEED_RUNNER_MODE: unknown mode "turbo".'],
    ['simulation mode with -race', ['--args=-race'], { CODSPEED_RUNNER_MODE: 'simulation' }, 'Simulation mode (from CODSPEED_RUNNER_MODE) cannot count with -race in "args".'],
    ['a packages entry that matches nothing', ['--packages=./nomatch/...'], {}, /Invalid option "packages": go list cannot load \.\/nomatch\/\.\.\. in \S+\.[\s\S]*\.\/nomatch\/\.\.\.: pattern \.\/nomatch\/\.\.\.: lstat \.\/nomatch\/: no such file or directory/],
    ['a missing package directory', ['--packages=./missing'], {}, /Invalid option "packages"[\s\S]*missing: directory not found/],
    ['an absolute package path', ['--packages=/src/x'], {}, 'Invalid option "packages": "/src/x" is absolute.'],
    ['an unknown go test flag', ['--args=-frobnicate'], {}, /Invalid option "args": unknown go test flag "-frobnicate"\.[\s\S]*-race/],
    ['a -run flag in args', ['--args=-run=TestX'], {}, 'Invalid option "args": "-run" is not supported.'],
    ['a run option', ['--run=TestX'], {}, 'Invalid option "run": "TestX" would select tests, and tests never run here.'],
    ['an unclosed quote in args', ["--args=-gcflags='-N -l"], {}, `Invalid option "args": the ' quote in "-gcflags='-N -l" is never closed.`],
    ['a bench matching nothing', ['--bench=NoSuchBenchmark'], {}, 'No benchmark of svc matched the pattern "NoSuchBenchmark" (option "bench").'],
    ['-skip that skips every benchmark', ['--args=-skip=.'], {}, 'No benchmark of svc ran: -skip=. (in "args") skips every one that -bench=FNV|Spin selects.'],
    ['no go on PATH', [], { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` }, 'Go was not found: there is no "go" command on PATH.'],
    ['a bad maxTime', ['--maxTime=soon'], {}, 'Invalid option "maxTime": "soon" is not a Go duration.'],
    ['a bad cpu value', ['--cpu=1,two'], {}, "Property 'cpu' does not match the schema."],
    ['a bad timeout', ['--timeout=soon'], {}, 'Invalid option "timeout": "soon" is not a Go duration.'],
    ['a cache folder holding both quotes', [`--cacheDir=${tmpdir()}/a'b"c`], {}, `Cannot run benchmarks through ${tmpdir()}/a'b"c/exec/`],
    ['a TMPDIR that does not exist', [], { TMPDIR: '/nonexistent-tmp' }, 'go cannot make its work folder: stat /nonexistent-tmp: no such file or directory.'],
  ];

  describe.each(refusals)('with %s', (_, args, env, message) => {
    it('fails with its message, and leaves earlier results and nothing else', async () => {
      const { run, pids } = await nx(['run', 'svc:bench', ...args], env);
      expect(run.exitCode).not.toBe(0);
      if (typeof message === 'string') expect(run.all).toContain(message);
      else expect(run.all).toMatch(message);
      expect(snapshot(profile)).toEqual(before);
      expectClean(pids);
    });
  });

  it('refuses a go.mod that needs a newer Go, naming go.mod and both versions', async () => {
    const { run, pids } = await nx(['run', 'future:bench']);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toContain(`go.mod in ${join(ws.root, 'future')} requires go 1.30 or newer, and the Go that runs the benchmarks is go1.26.8.`);
    expect(run.all).toContain('set GOTOOLCHAIN=go1.30.0');
    expect(snapshot(profile)).toEqual(before);
    expectClean(pids);
  });

  it.each([
    ['a go.mod that does not parse', 'badmod', (root: string) => `go cannot read ${join(root, 'badmod', 'go.mod')}.`, /go\.mod:\d+: unknown directive: garbage/],
    ['-mod=vendor without a vendor folder', 'vendored', (root: string) => `The vendor folder of ${join(root, 'vendored')} does not match its go.mod.`, /GOFLAGS, option "env" or "args"/],
    ['a module that its go.work leaves out', 'outside-b', (root: string) => `${join(root, 'outside', 'b')} is not a module of the go.work that go uses there.`, /go work use/],
  ])('names %s as such, not as an option or a build failure', async (_, project, title, hint) => {
    const { run, pids } = await nx(['run', `${project}:bench`]);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toContain(title(ws.root));
    expect(run.all).toMatch(hint);
    expect(run.all).not.toContain('Invalid option "packages"');
    expect(run.all).not.toMatch(/does not build\.$/m);
    expect(snapshot(profile)).toEqual(before);
    expectClean(pids);
  });

  it('takes --mode=instrumentation, the older name of simulation mode', async () => {
    const { run, pids } = await nx(['run', 'svc:bench', '--bench=^BenchmarkSum$', '--mode=instrumentation', '--profileFolder=out/instrumentation']);
    expect(run.exitCode).toBe(0);
    const [file] = ws.results(join('out', 'instrumentation'));
    expect(ws.readJson<{ instrument: { type: string } }>(file).instrument.type).toBe('simulation');
    expectClean(pids, join(ws.root, 'out', 'instrumentation'));
  });

  it('passes a run whose GITHUB_STEP_SUMMARY cannot be written, with a warning', async () => {
    const { run, pids } = await nx(['run', 'svc:bench', '--bench=FNV', '--profileFolder=out/summary'], { GITHUB_STEP_SUMMARY: '/dev/full' });
    expect(run.exitCode).toBe(0);
    expect(run.all).toContain('nx-go-bench: warning: cannot append to GITHUB_STEP_SUMMARY (/dev/full): the disk is full;');
    expect(ws.results(join('out', 'summary'))).toHaveLength(1);
    expectClean(pids, join(ws.root, 'out', 'summary'));
  });

  it('names a full cache folder as such, and leaves no part of the overlay', async () => {
    const cache = join(ws.root, 'out', 'full-cache');
    mkdirSync(cache, { recursive: true });
    const mounted = await execa('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', cache], { reject: false });
    if (mounted.exitCode !== 0) throw new Error(`this case mounts a small tmpfs, which needs root: ${mounted.stderr}`);
    try {
      const { run, pids } = await nx(['run', 'svc:bench', '--bench=FNV', `--cacheDir=${cache}`]);
      expect(run.exitCode).not.toBe(0);
      expect(run.all).toContain(`Cannot write the plugin's cache ${cache} (from option "cacheDir"): the disk is full.`);
      expect(run.all).not.toContain('does not build');
      expect(readdirSync(join(cache, 'overlay'))).toEqual([]);
      expect(readdirSync(join(cache, 'tmp'))).toEqual([]);
      expect(snapshot(profile)).toEqual(before);
      expectClean(pids);
    } finally {
      await execa('umount', [cache], { reject: false });
    }
  });

  it('reports a project that does not compile, naming the file', async () => {
    const { run, pids } = await nx(['run', 'broken:bench']);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toContain('broken: example.com/broken does not build.');
    expect(run.all).toMatch(/broken\.go:6:\d+: cannot use "forty-two"/);
    expect(snapshot(profile)).toEqual(before);
    expectClean(pids);
  });

  it('fails for b.Fatal and a panic, naming both, and keeps the results of the benchmarks that passed', async () => {
    const { run, pids } = await nx(['run', 'failing:bench', '--profileFolder=out/failing']);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toMatch(/failing: BenchmarkFatal, BenchmarkPanic-\d+ failed\./);
    expect(run.all).toContain('bad input on purpose');
    expect(run.all).toContain('panicked: boom on purpose');
    const results = ws.readJson<Results>(ws.results(join('out', 'failing'))[0]);
    expectWalltimeFormat(results);
    expect(results.benchmarks.map((b) => b.uri)).toEqual(['failing/failing_test.go::BenchmarkOK', 'failing/failing_test.go::BenchmarkOK2']);
    expectClean(pids, join(ws.root, 'out', 'failing'));
  });

  it('names the benchmark that ends its binary with os.Exit(3)', async () => {
    const { run, pids } = await nx(['run', 'hostile:bench', '--bench=^Benchmark(Exit|Names)$', '--profileFolder=out/exit'], { HOSTILE: 'exit' });
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toContain('hostile: BenchmarkExit failed.');
    expect(run.all).toContain('BenchmarkExit ended its test binary with exit status 3 before it finished (os.Exit or log.Fatal in the benchmark?).');
    expect(ws.results(join('out', 'exit'))).toEqual([]);
    expectClean(pids, join(ws.root, 'out', 'exit'));
  });

  it('names a record that cannot be read, and keeps the benchmarks whose records can', async () => {
    const folder = join(ws.root, 'out', 'corrupt');
    const { run, pids } = await nx(['run', 'hostile:bench', '--bench=^BenchmarkCorrupt$', '--profileFolder=out/corrupt'], { HOSTILE: 'corrupt' });
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toContain('Some benchmark records of hostile could not be read; their benchmarks are not in the results.');
    expect(run.all).toMatch(/raw\/\d+-\w+\/\d+-999999\.json: not JSON/);
    expect(ws.readJson<Results>(ws.results(join('out', 'corrupt'))[0]).benchmarks.map((b) => b.name)).toEqual(['BenchmarkCorrupt']);
    expectClean(pids, folder);
  });

  it.each([
    ['a file deleted', (file: string) => rmSync(file)],
    ['a file cut short', (file: string) => writeFileSync(file, readFileSync(file, 'utf8').slice(0, 200))],
  ])('repairs an overlay in the cache with %s', async (_, damage) => {
    // The installed plugin's own modules name the overlay that runs use.
    const dist = join(ws.root, 'node_modules', 'nx-go-bench', 'dist');
    const { resolveToolchain } = require(join(dist, 'go', 'toolchain.js'));
    const { cacheLayout } = require(join(dist, 'go', 'env.js'));
    const { materializeOverlay } = require(join(dist, 'overlay', 'materialize.js'));
    const overlay = materializeOverlay(await resolveToolchain(join(ws.root, 'svc'), process.env), cacheLayout(pluginCacheDir));
    const file = join(overlay.dir, 'testing', 'nxgobench_rounds.go');
    const content = readFileSync(file, 'utf8');
    damage(file);
    const { run, pids } = await nx(['run', 'svc:bench', '--profileFolder=out/repaired']);
    expect(run.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expectClean(pids, join(ws.root, 'out', 'repaired'));
  });

  it('shows the first MB of 100 MB of benchmark output, logs all of it, and always shows the result lines and summary', async () => {
    const { run, pids } = await nx(['run', 'hostile:bench', '--bench=^BenchmarkLoud$', '--benchtime=1x', '--profileFolder=out/loud'], { HOSTILE: 'loud' });
    expect(run.exitCode).toBe(0);
    const log = /^nx-go-bench: go test has printed over 1 MB; all of its output is in (\S+\.log), and only its result and failure lines are shown here\.$/m.exec(run.all!)?.[1];
    expect(log).toBeDefined();
    const numbered = readFileSync(log!, 'utf8').split('\n').filter((l) => /^\d{8} x{90}$/.test(l));
    expect(numbered).toHaveLength(1_000_000);
    expect(numbered.every((l, i) => Number(l.slice(0, 8)) === i)).toBe(true);
    const tail = run.all!.slice(run.all!.indexOf(log!));
    expect(tail).toMatch(/^BenchmarkLoud-\d+\s+1\s+\d+ ns\/op$/m);
    expect(tail).toMatch(/^ok\s+example\.com\/hostile\s/m);
    expect(tail).toMatch(/^BenchmarkLoud-\d+\s+\S+ \S+\s+±[\d.]+%\s+1\s+-$/m);
    expect(tail).toContain(`All of go test's output: ${log}`);
    expect(tail).toContain('Successfully ran target bench for project hostile');
    expect(run.all!.length).toBeLessThan(3_000_000);
    expectClean(pids, join(ws.root, 'out', 'loud'));
  });

  it('passes 100 MB printed without a newline through the command line, in bounded memory', async () => {
    const cli = join(ws.root, 'node_modules', '.bin', 'nx-go-bench');
    const child = execa(cli, ['test', '-bench=^BenchmarkLongLine$', '-benchtime=1x', `--profile-folder=${join(ws.root, 'out', 'long')}`], {
      cwd: join(ws.root, 'hostile'),
      env: { HOSTILE: 'long', NX_GO_BENCH_CACHE_DIR: pluginCacheDir },
      reject: false,
      maxBuffer: 200e6,
    });
    // The peak memory of the command line's own node process, read while it runs.
    let peakKb = 0;
    const timer = setInterval(() => {
      try {
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]));
      } catch {
        // Ended.
      }
    }, 50);
    const run = await child;
    clearInterval(timer);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(100_000_000);
    expect(run.stdout.indexOf(`${'z'.repeat(1000)}\n`)).toBeGreaterThan(99_000_000);
    expect(run.stdout).toMatch(/^BenchmarkLongLine-\d+\s+1\s+\d+ ns\/op$/m);
    expect(run.stdout).toContain('1 benchmark of hostile measured with go1.26.8');
    // The line splitter once held the whole line: 1.55 GB for these 100 MB.
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb).toBeLessThan(400 * 1024);
  });

  it('never pools b.Run("a::b") with b.Run("a") holding b.Run("b")', async () => {
    const { run, pids } = await nx(['run', 'hostile:bench', '--bench=^BenchmarkNames$', '--profileFolder=out/names']);
    expect(run.exitCode).toBe(0);
    const results = ws.readJson<Results>(ws.results(join('out', 'names'))[0]);
    const byUri = Object.fromEntries(results.benchmarks.map((b) => [b.uri, b.stats.median_ns]));
    expect(Object.keys(byUri).sort()).toEqual(['hostile/hostile_test.go::BenchmarkNames::a%3A%3Ab', 'hostile/hostile_test.go::BenchmarkNames::a::b']);
    // A sum of ints against a 1 µs sleep: each entry holds one of them only.
    expect(byUri['hostile/hostile_test.go::BenchmarkNames::a::b'] / byUri['hostile/hostile_test.go::BenchmarkNames::a%3A%3Ab']).toBeGreaterThan(100);
    expectClean(pids, join(ws.root, 'out', 'names'));
  });

  it.each([
    ['--args with two flags in one string', ['--args=-v -trimpath'], /^BenchmarkFNV$/m],
    ['--cpu with one number', ['--cpu=1'], /^BenchmarkFNV\s+\d+/m],
    ['--env with a number', ['--env.GOGC=200'], /^BenchmarkFNV-\d+\s+\d+/m],
  ])('accepts %s as typed on the command line', async (_, args, output) => {
    const { run, pids } = await nx(['run', 'svc:bench', '--bench=FNV', '--profileFolder=out/typed', ...args]);
    expect(run.exitCode).toBe(0);
    expect(run.all).toMatch(output);
    expectClean(pids, join(ws.root, 'out', 'typed'));
  });

  it('cuts a benchmark with costly untimed setup at its wall-time budget, and says so', async () => {
    const { run, pids } = await nx(['run', 'hostile:bench', '--bench=^BenchmarkCostlySetup$', '--benchtime=300ms', '--maxTime=900ms', '--profileFolder=out/budget']);
    expect(run.exitCode).toBe(0);
    expect(run.all).toMatch(/^BenchmarkCostlySetup-\d+\s+\S+ \S+\s+±[\d.]+%\s+\d+ cut\s+-$/m);
    expect(run.all).toMatch(/^cut: BenchmarkCostlySetup-\d+ had shorter or fewer rounds than planned, to fit the wall-time budget \(maxTime, 900 ms here\), untimed setup included\.$/m);
    const [entry] = ws.readJson<Results>(ws.results(join('out', 'budget'))[0]).benchmarks;
    expect(entry.config.max_time_ns).toBe(900_000_000);
    expect(entry.stats.rounds).toBeGreaterThanOrEqual(3);
    expect(entry.stats.rounds).toBeLessThanOrEqual(10);
    expectClean(pids, join(ws.root, 'out', 'budget'));
  });

  it('removes what killed runs left in the profile folder, naming each, and keeps what a live run has', async () => {
    const folder = join(ws.root, 'out', 'leftovers');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const live = spawn('sleep', ['300']);
    await new Promise((r) => setTimeout(r, 100));
    try {
      mkdirSync(join(folder, 'raw', `${dead}-aaaaaa`), { recursive: true });
      writeFileSync(join(folder, 'raw', `${dead}-aaaaaa`, `${dead}-1.json`), '{}');
      mkdirSync(join(folder, 'raw', `${live.pid}-bbbbbb`), { recursive: true });
      mkdirSync(join(folder, 'results'), { recursive: true });
      writeFileSync(join(folder, 'results', `.${dead}.json.tmp`), '{"creator":');
      const { run, pids } = await nx(['run', 'svc:bench', '--bench=FNV', '--profileFolder=out/leftovers']);
      expect(run.exitCode).toBe(0);
      expect(run.all).toMatch(new RegExp(`^nx-go-bench: removed raw/${dead}-aaaaaa, left by run ${dead} \\(started [\\d-]+ [\\d:]+ UTC\\) that ended before writing its results; it held 1 benchmark record$`, 'm'));
      expect(run.all).toContain(`nx-go-bench: removed results/.${dead}.json.tmp, a results file that run ${dead} was writing when it ended`);
      expect(readdirSync(join(folder, 'raw'))).toEqual([`${live.pid}-bbbbbb`]);
      rmSync(join(folder, 'raw'), { recursive: true });
      expectClean(pids, folder);
    } finally {
      live.kill();
    }
  });

  it('keeps a results file that another program is writing during the run', async () => {
    const folder = join(ws.root, 'out', 'foreign');
    const foreign = join(folder, 'results', '777777.json');
    // One second of measuring, long enough to be seen running.
    const { run, pids } = await nx(['run', 'svc:bench', '--bench=FNV', '--benchtime=1s', '--profileFolder=out/foreign'], {}, async (_child, tree) => {
      // While the benchmark runs, well after the run started: files older than a run are earlier runs' results.
      await waitFor('the benchmark binary', () => tree.seen().some((p) => p.command.endsWith('.test')), 180_000);
      mkdirSync(dirname(foreign), { recursive: true });
      writeFileSync(foreign, '{"creator": {"name": "someone else"');
    });
    expect(run.exitCode).toBe(0);
    expect(readFileSync(foreign, 'utf8')).toBe('{"creator": {"name": "someone else"');
    const ours = ws.results(join('out', 'foreign')).filter((f) => f !== foreign);
    expect(ours).toHaveLength(1);
    expectWalltimeFormat(ws.readJson(ours[0]));
    expectClean(pids, folder);
  });

  it('gives two runs into one profile folder at once every benchmark of both, the earlier to end in history/', async () => {
    const folder = join(ws.root, 'out', 'shared');
    const [a, b] = await Promise.all([
      nx(['run', 'svc:bench', '--bench=FNV', '--profileFolder=out/shared']),
      nx(['run', 'hostile:bench', '--bench=^BenchmarkNames$', '--profileFolder=out/shared']),
    ]);
    expect([a.run.exitCode, b.run.exitCode]).toEqual([0, 0]);
    const files = Object.keys(snapshot(folder)).filter((f) => /(^|\/)results\/[^/]+\.json$/.test(f));
    expect(files.filter((f) => f.startsWith('results/')).length).toBeGreaterThanOrEqual(1);
    const uris = files.flatMap((f) => ws.readJson<Results>(join(folder, f)).benchmarks.map((x) => x.uri));
    expect(uris.sort()).toEqual(
      ['svc/hash/hash_bench_test.go::BenchmarkFNV', 'hostile/hostile_test.go::BenchmarkNames::a%3A%3Ab', 'hostile/hostile_test.go::BenchmarkNames::a::b'].sort(),
    );
    expectClean(new Set([...a.pids, ...b.pids]), folder);
  });

  it('reports a full disk, naming the folder, and leaves no part of a file', async () => {
    const folder = join(ws.root, 'out', 'full');
    mkdirSync(folder, { recursive: true });
    const mounted = await execa('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', folder], { reject: false });
    if (mounted.exitCode !== 0) throw new Error(`this case mounts a small tmpfs, which needs root: ${mounted.stderr}`);
    try {
      // Fill it but for a few bytes.
      spawnSync('dd', ['if=/dev/zero', `of=${join(folder, 'filler')}`, 'bs=1k', 'count=100'], { stdio: 'ignore' });
      const { run, pids } = await nx(['run', 'svc:bench', '--bench=FNV', '--profileFolder=out/full']);
      expect(run.exitCode).not.toBe(0);
      expect(run.all).toMatch(/no space left on device|the disk is full/);
      expect(readdirSync(folder).sort()).toEqual(['filler']);
      expectClean(pids, folder);
    } finally {
      await execa('umount', [folder], { reject: false });
    }
  });

  describe.each([
    ['SIGKILL', 'measuring', 'sleep'],
    ['SIGTERM', 'measuring', 'sleep'],
    ['SIGINT', 'measuring', 'sleep'],
    ['SIGKILL', 'compiling', 'compile'],
    ['SIGTERM', 'compiling', 'compile'],
  ] as const)('%s of nx while %s', (signal, _, stage) => {
    it('stops every process of the run within seconds and leaves no lock entry, record or temporary file', async () => {
      const folder = join(ws.root, 'out', `killed-${signal}-${stage}`);
      // -a rebuilds every package, the standard library included: a long compilation to interrupt.
      const args = stage === 'compile' ? ['--bench=FNV', '--args=-a'] : ['--bench=^BenchmarkSleep$'];
      const project = stage === 'compile' ? 'svc' : 'hostile';
      const { run, pids } = await nx(['run', `${project}:bench`, ...args, `--profileFolder=out/killed-${signal}-${stage}`], { HOSTILE: 'sleep' }, async (child, tree) => {
        const target = stage === 'compile' ? 'compile' : 'hostile.test';
        await waitFor(`a ${target} process under nx`, () => tree.seen().some((p) => p.command === target), 180_000);
        // The task process, whose parent is nx, is what Nx leaves behind when nx is killed.
        child.kill(signal);
      });
      expect(run.exitCode).not.toBe(0);
      expect(ws.results(join('out', `killed-${signal}-${stage}`))).toEqual([]);
      expectClean(pids, folder);
    });
  });

  it('stops every process when nx is killed while the overlay is made for a new cache, and leaves the cache usable', async () => {
    const cache = join(ws.root, 'out', 'fresh-cache');
    const { run, pids } = await nx(['run', 'svc:bench', '--bench=FNV', `--cacheDir=${cache}`, '--profileFolder=out/killed-overlay'], {}, async (child, tree) => {
      // A new cache builds package testing with the overlay before anything of svc: the first compile is that.
      await waitFor('a compile process under nx', () => tree.seen().some((p) => p.command === 'compile'), 180_000);
      child.kill('SIGKILL');
    });
    expect(run.exitCode).not.toBe(0);
    expectClean(pids, join(ws.root, 'out', 'killed-overlay'));
    // The overlay was put in place whole or not at all, and no staging folder is left.
    expect(readdirSync(join(cache, 'tmp'))).toEqual([]);
    for (const dir of readdirSync(join(cache, 'overlay'))) {
      expect(readdirSync(join(cache, 'overlay', dir))).toEqual(expect.arrayContaining(['overlay.json', 'testing', 'preflight', 'layout']));
    }
    const locks = join(cache, 'locks', 'measure');
    expect(['readers', 'intents', 'writers'].flatMap((f) => readdirSync(join(locks, f)))).toEqual([]);
    rmSync(cache, { recursive: true, force: true });
  });

  it.each([
    ['writing a results file', 'results', /^\.\d+\.json\.tmp$/],
    ['merging after the tasks', 'merge', /^\d+\.json$/],
  ])('SIGKILL of nx while %s leaves only whole results files, and nothing running', async (_, stage, seen) => {
    const folder = join(ws.root, 'out', `killed-${stage}`);
    const results = join(folder, 'results');
    // The run stops for 3 s at the stage (NX_GO_BENCH_TEST_PAUSE), when the file it waits for is there.
    const { pids } = await nx(['run', 'svc:bench', '--bench=FNV', `--profileFolder=out/killed-${stage}`], { NX_GO_BENCH_TEST_PAUSE: `${stage}:3000` }, async (child) => {
      await waitFor(`the stage ${stage}`, () => existsSync(results) && readdirSync(results).some((f) => seen.test(f)), 180_000);
      child.kill('SIGKILL');
    });
    // Whatever the moment, the folder holds whole files: each results file is valid and has its text file.
    const files = ws.results(join('out', `killed-${stage}`));
    expect(files.length).toBeLessThanOrEqual(1);
    for (const file of files) {
      expectWalltimeFormat(ws.readJson(file));
      expect(existsSync(join(folder, 'benchfmt', `${/(\d+)\.json$/.exec(file)![1]}.txt`))).toBe(true);
    }
    expectClean(pids, folder);
    // The next run removes what the killed one left in Nx's data folder, and its merge replaces the older file.
    const next = await nx(['run', 'svc:bench', '--bench=FNV', `--profileFolder=out/killed-${stage}`]);
    expect(next.run.exitCode).toBe(0);
    expect(readdirSync(join(ws.root, '.nx', 'workspace-data', 'nx-go-bench-runs'))).toEqual([]);
    expect(ws.results(join('out', `killed-${stage}`))).toHaveLength(1);
  });

  it('tells a run waiting on the lock who holds it, and lets it go on once that run is killed', async () => {
    let waiting: execa.ExecaChildProcess | undefined;
    const { pids } = await nx(['run', 'hostile:bench', '--bench=^BenchmarkSleep$', '--profileFolder=out/holder'], { HOSTILE: 'sleep' }, async (child, tree) => {
      await waitFor('the sleeping benchmark', () => tree.seen().some((p) => p.command === 'hostile.test'), 180_000);
      const holder = tree.seen().find((p) => p.command === 'node' && processes().some((q) => q.ppid === p.pid && q.command === 'hostile.test'))!;
      waiting = ws.nx(['run', 'svc:bench', '--bench=FNV', '--profileFolder=out/waiter']);
      let text = '';
      waiting.all!.on('data', (d) => (text += d));
      const notice = new RegExp(`^nx-go-bench: waiting \\d+s for the measurement lock, held by hostile \\(pid ${holder.pid}, exclusive since \\d\\d:\\d\\d:\\d\\d\\)$`, 'm');
      await waitFor('a second notice from the waiting run', () => (text.match(new RegExp(notice.source, 'gm')) ?? []).length >= 2, 60_000);
      child.kill('SIGKILL');
    });
    const waited = await waiting!;
    expect(waited.exitCode).toBe(0);
    expect(ws.results(join('out', 'waiter'))).toHaveLength(1);
    expectClean(pids, join(ws.root, 'out', 'holder'));
  });

  it('works in a workspace whose path holds both kinds of quote', async () => {
    const parent = join(workspacesDir, `it's "quoted"`);
    mkdirSync(parent, { recursive: true });
    const quoted = await createWorkspace('quotes', [{ dir: 'svc', fixture: 'fixture', project: benchProject('svc', { benchtime: '20ms', bench: 'FNV' }) }], { parent });
    const run = await quoted.nx(['run', 'svc:bench']);
    expect(run.exitCode).toBe(0);
    expect(quoted.readJson<Results>(quoted.results()[0]).benchmarks.map((b) => b.uri)).toEqual(['svc/hash/hash_bench_test.go::BenchmarkFNV']);
  });
});
