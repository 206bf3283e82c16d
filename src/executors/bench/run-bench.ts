import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cacheLayout, isolatedEnv } from '../../go/env';
import { listPackages, type ListedPackage } from '../../go/packages';
import { onInterrupt, processOutput, runGo, type OutputSink } from '../../go/run';
import { goTestArgs } from '../../go/test-args';
import { resolveToolchain } from '../../go/toolchain';
import { execCommand } from '../../go/exec-launcher';
import { ensureFolder, removeEmptyFolders } from '../../fs/folder';
import { writeFailure } from '../../fs/write-failure';
import { acquireShared, describeHolders, removeStaleEntries } from '../../lock/rw-lock';
import { alignOverlay } from '../../overlay/layout';
import { materializeOverlay } from '../../overlay/materialize';
import { preflight } from '../../overlay/preflight';
import { extractUserOverlay, mergeUserOverlay } from '../../overlay/user-overlay';
import { removeLeftoverRecords } from '../../results/leftovers';
import { readRecords } from '../../results/raw-record';
import { publishResults } from '../../results/publish';
import { runDirVariable } from '../../results/run-registry';
import { findUriRoot } from '../../results/uri';
import { summarize, type BenchmarkSummary } from '../../results/aggregate';
import { goBenchText } from '../../results/go-text';
import { toWalltime, walltimeResults, writeResults, type ResultsBenchmark } from '../../results/walltime';
import { packageRoot, pluginVersion } from '../../utils/package';
import { BenchError } from '../../utils/bench-error';
import { explainTestFailure } from './failure';
import { cappedOutput } from '../../report/capped-output';
import { goEnvironment, writeEnvironment, type GoEnvironment } from '../../codspeed/environment';
import { hookNotes } from '../../codspeed/hook-notes';
import { checkSimulation } from '../../simulation/check';
import { attachCounts, readDumps } from '../../simulation/callgrind';
import type { BenchRequest } from './normalize';

export interface BenchOutcome {
  /** The Go release that built and ran the benchmarks, e.g. "go1.26.8". */
  goVersion: string;
  /** Every benchmark that completed, also when others failed. */
  benchmarks: BenchmarkSummary[];
  /** The results file, when at least one benchmark completed. */
  resultsFile?: string;
  /** Earlier runs moved from results/ to history/ as this one's results were written (outside an Nx run). */
  archived?: number;
  /** Why the run failed, if it did. */
  error?: BenchError;
  /** The file holding all of go test's output, where there was too much to show (see capOutput). */
  logFile?: string;
  /** Set when the benchmarks were counted under a valgrind that was already running (CodSpeed's runner), which holds their counts. */
  countedByRunner?: boolean;
}

export interface RunBenchOptions {
  /** Where go test's output goes as it comes. */
  echo?: OutputSink;
  /** Show the first MB of go test's output in full, then key lines only, with all of it in a log file (under Nx). */
  capOutput?: boolean;
  /**
   * Persists the benchmarks of this request and its environment, and
   * returns the results file. By default each request writes its own
   * `results/<pid>.json` and `environment-<pid>.json`; a batch keeps one of
   * each per process and adds each task's to them.
   */
  saveResults?: (profileFolder: string, benchmarks: ResultsBenchmark[], text: string, environment: GoEnvironment) => string;
  /** Checks the packages go list found, before anything is measured; throws a BenchError to stop the run. */
  beforeTests?: (packages: ListedPackage[]) => void;
}

/** The program go test runs test binaries through, to take the measurement lock. */
const execWrapper = join(packageRoot, 'dist', 'go', 'exec-wrapper.js');

/**
 * Runs one request: resolve Go, generate the overlay, check the flags and
 * packages, run go test, and write the results. Everything up to the end of
 * compilation holds the machine's measurement lock shared; each test binary
 * takes it exclusively (see the exec wrapper), so measurements never overlap
 * each other or a compilation started by this plugin. Problems found before
 * go test runs throw; a failing go test still writes the results of the
 * benchmarks that completed and reports its error.
 */
export async function runBench(request: BenchRequest, options: RunBenchOptions = {}): Promise<BenchOutcome> {
  // The folders come first: a bad one must fail before the run takes the lock or starts go.
  ensureFolder({ path: request.cacheDir, source: request.sources.cacheDir, remedy: 'Set option "cacheDir" or NX_GO_BENCH_CACHE_DIR' });
  const created = ensureFolder({
    path: request.profileFolder,
    source: request.sources.profileFolder,
    remedy: 'Set option "profileFolder" or CODSPEED_PROFILE_FOLDER',
  });
  for (const line of removeLeftoverRecords(request.profileFolder)) void (options.echo ?? processOutput).stderr(`${line}\n`);
  let outcome: BenchOutcome | undefined;
  try {
    outcome = await measure(request, options);
    return outcome;
  } finally {
    // A refused run leaves the profile folder as it found it, not even created.
    if (!outcome?.resultsFile) removeEmptyFolders(created);
  }
}

async function measure(request: BenchRequest, options: RunBenchOptions): Promise<BenchOutcome> {
  const userEnv = { ...process.env, ...request.env };
  const simulation = request.mode === 'simulation' ? await checkSimulation(request.args, request.sources.mode, userEnv) : undefined;
  const go = await resolveToolchain(request.projectRoot, userEnv);
  const cache = cacheLayout(request.cacheDir);
  const { exec, generated } = writingCache(request, () => ({ exec: execCommand(execWrapper, cache.root), generated: materializeOverlay(go, cache) }));
  const userOverlay = extractUserOverlay(request.args, go.userFlags);
  const env = isolatedEnv(userEnv, { ...go, userFlags: userOverlay.goflags }, cache);
  const traceFile = userEnv.NX_GO_BENCH_LOCK_TRACE || undefined;
  const capped = options.capOutput ? cappedOutput(options.echo ?? processOutput, join(cache.root, 'logs'), request.projectName) : undefined;
  const echo = capped ?? options.echo ?? processOutput;
  const uriRoot = findUriRoot(request.projectRoot, request.workspaceRoot);
  const goContext = { projectRoot: request.projectRoot, cacheDir: request.cacheDir, cacheSource: request.sources.cacheDir, env: userEnv };
  const compiling = await acquireShared(cache.lock, {
    traceFile,
    label: request.projectName,
    onWait: (holders, waited) => void echo.stderr(`${describeHolders(holders, waited)}\n`),
  });
  let rawDir: string | undefined;
  let run!: Awaited<ReturnType<typeof runGo>>;
  let environment!: GoEnvironment;
  // A killed wrapper cannot end its holds, and a killed run writes no results: leave none of either.
  const forget = onInterrupt(() => {
    compiling.release();
    removeStaleEntries(cache.lock);
    if (rawDir) rmSync(rawDir, { recursive: true, force: true });
    removeEmptyFolders([join(request.profileFolder, 'raw')]);
  });
  try {
    const overlay = await alignOverlay(go, generated, env);
    const flags = { ...request, args: userOverlay.args, overlayJson: mergeUserOverlay(overlay, userOverlay, request.projectRoot) };
    await preflight(go, overlay, env, request, goContext);
    const packages = await listPackages(go, env, request.projectRoot, flags, goContext);
    options.beforeTests?.(packages);
    rawDir = makeRecordFolder(request.profileFolder);
    const args = goTestArgs({ ...flags, exec, symbols: request.mode === 'simulation' });
    environment = goEnvironment(go.version, go.env, userOverlay.goflags, args);
    run = await runGo(
      go,
      args,
      {
        cwd: request.projectRoot,
        env: {
          ...env,
          NX_GO_BENCH_RECORDS: rawDir,
          NX_GO_BENCH_MAX_TIME: String(request.maxTimeNs),
          NX_GO_BENCH_LOCK_DIR: cache.lock,
          NX_GO_BENCH_SHARED_HOLD: compiling.file,
          NX_GO_BENCH_OWNER: String(process.pid),
          NX_GO_BENCH_PROJECT: request.projectName,
          NX_GO_BENCH_URI_ROOT: uriRoot,
          NX_GO_BENCH_VERSION: pluginVersion,
          NX_GO_BENCH_MODE: request.mode,
          ...(simulation ? { NX_GO_BENCH_SIMULATION: simulation.kind } : {}),
          ...(simulation?.kind === 'standalone' ? { NX_GO_BENCH_VALGRIND: simulation.valgrind } : {}),
        },
        echo,
      },
    );
  } catch (error) {
    if (rawDir) rmSync(rawDir, { recursive: true, force: true });
    removeEmptyFolders([join(request.profileFolder, 'raw')]);
    throw error;
  } finally {
    forget();
    compiling.release();
  }
  const logFile = capped?.logFile();
  for (const line of hookNotes(rawDir!)) void echo.stderr(`${line}\n`);

  const { records, problems, unfinished, killed } = readRecords(rawDir!);
  const summaries = summarize(records, uriRoot);
  const standalone = simulation?.kind === 'standalone';
  const uncounted = standalone ? attachCounts(summaries, readDumps(rawDir!)) : [];
  // In simulation mode the results hold counted benchmarks only; the error below names the others.
  const benchmarks = standalone ? summaries.filter((b) => b.simulation) : summaries;
  const save = options.saveResults ?? saveResults;
  // Under the runner's valgrind, the counts are in its profile, not ours: a results file would hold none.
  let resultsFile: string | undefined;
  try {
    resultsFile =
      benchmarks.length > 0 && simulation?.kind !== 'runner'
        ? save(request.profileFolder, benchmarks.map(toWalltime), goBenchText(benchmarks), environment)
        : undefined;
  } finally {
    // The results hold every record that could be read, and the problems below name the others;
    // a save that failed (a full disk) says so, and leaves no records either.
    rmSync(rawDir!, { recursive: true, force: true });
    removeEmptyFolders([join(request.profileFolder, 'raw')]);
  }
  const archived = resultsFile
    ? publishResults(
        {
          project: request.projectName,
          profileFolder: request.profileFolder,
          resultsFile,
          historyLimit: request.historyLimit,
          underRunner: userEnv.CODSPEED_ENV === 'runner',
        },
        process.env[runDirVariable],
      )
    : 0;

  let error: BenchError | undefined;
  if (run.exitCode !== 0) {
    error = explainTestFailure(request, run, benchmarks.length, unfinished, goContext, killed);
  } else if (uncounted.length > 0) {
    error = new BenchError(`Some benchmarks of ${request.projectName} ran, but callgrind wrote no counts for them.`, [
      ...uncounted,
      'Their test binary did not run under callgrind, or was stopped before it dumped its counts.',
    ]);
  } else if (problems.length > 0) {
    error = new BenchError(`Some benchmark records of ${request.projectName} could not be read; their benchmarks are not in the results.`, [
      ...problems.map((p) => relative(request.profileFolder, p)),
      'A test binary killed while writing one, or another program writing into the record folder, leaves such a record.',
    ]);
  } else if (benchmarks.length === 0) {
    error = noBenchmarkError(request);
  }
  return { goVersion: go.version, benchmarks, resultsFile, archived, error, logFile, countedByRunner: simulation?.kind === 'runner' || undefined };
}

/** Runs what writes into the plugin's cache; a file system error names the cache and the setting it came from. */
function writingCache<T>(request: BenchRequest, write: () => T): T {
  try {
    return write();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (error instanceof BenchError || typeof e.code !== 'string' || !e.syscall) throw error;
    throw new BenchError(`Cannot write the plugin's cache ${request.cacheDir} (from ${request.sources.cacheDir}): ${writeFailure(e.path ?? request.cacheDir, e)}.`, [
      `(${e.message})`,
      'Make room, or set option "cacheDir" or NX_GO_BENCH_CACHE_DIR to a folder you can write to, on a disk with space.',
    ]);
  }
}

/** Writes results/<pid>.json, its text, and environment-<pid>.json. */
function saveResults(profileFolder: string, benchmarks: ResultsBenchmark[], text: string, environment: GoEnvironment): string {
  const resultsFile = writeResults(profileFolder, walltimeResults(benchmarks), text);
  writeEnvironment(resultsFile, environment);
  return resultsFile;
}

/** A new folder for this run's records, in raw/ of the profile folder. */
function makeRecordFolder(profileFolder: string): string {
  try {
    const rawRoot = join(profileFolder, 'raw');
    mkdirSync(rawRoot, { recursive: true });
    return mkdtempSync(join(rawRoot, `${process.pid}-`));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new BenchError(`Cannot make a folder for benchmark records in ${profileFolder}: ${e.code === 'ENOSPC' ? 'the disk is full' : e.message}.`, [
      'Make room, or choose another profile folder (option "profileFolder" or CODSPEED_PROFILE_FOLDER).',
    ]);
  }
}

/** Why nothing was measured: -bench matched nothing, or -skip (in args) left nothing of what it matched. */
function noBenchmarkError(request: BenchRequest): BenchError {
  const skip = skipPattern(request.args);
  const where = `Packages: ${request.packages.join(' ')} in ${request.projectRoot}`;
  if (skip !== undefined) {
    return new BenchError(`No benchmark of ${request.projectName} ran: -skip=${skip} (in "args") skips every one that -bench=${request.bench} selects.`, [
      where,
      'Check -skip in the "args" option, and the "bench" option.',
    ]);
  }
  return new BenchError(`No benchmark of ${request.projectName} matched the pattern ${JSON.stringify(request.bench)} (option "bench").`, [
    where,
    'Check the "bench" and "packages" options, or add a func BenchmarkXxx(b *testing.B) to a _test.go file.',
  ]);
}

/** The value of -skip among validated go test flags (`-skip=x`, `-skip x`, with one dash or two), if given. */
function skipPattern(args: string[]): string | undefined {
  let found: string | undefined;
  args.forEach((arg, i) => {
    const match = /^--?skip(?:=(.*))?$/.exec(arg);
    if (match) found = match[1] ?? args[i + 1];
  });
  return found;
}
