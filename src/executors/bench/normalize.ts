import { isAbsolute, join, resolve } from 'node:path';
import { parseBenchtime, parseGoDuration } from '../../go/benchtime';
import type { GoTestFlags } from '../../go/test-args';
import { validateTestArgs } from '../../go/test-flags';
import { parseThreshold } from '../../compare/threshold';
import { BenchError } from '../../utils/bench-error';
import { defaultCacheDir } from '../../utils/cache-dir';
import { defaultHistoryLimit } from '../../results/archive';
import type { BenchExecutorOptions } from './schema';

export type BenchMode = 'walltime' | 'simulation' | 'memory';

/** Everything one benchmark run needs, resolved once from options and environment. */
export interface BenchRequest extends GoTestFlags {
  projectName: string;
  workspaceRoot: string;
  /** Absolute folder in which go test runs. */
  projectRoot: string;
  mode: BenchMode;
  /** Absolute folder receiving results/<pid>.json. */
  profileFolder: string;
  /** Absolute folder of the hermetic cache. */
  cacheDir: string;
  /** How many earlier runs the profile folder's history/ keeps. */
  historyLimit: number;
  /** Extra environment for go, on top of the executor's own. */
  env: Record<string, string>;
  /** Wall time one benchmark may take, in ns; 0 for no limit. */
  maxTimeNs: number;
  /** With option "baseline": what to compare the run with, the threshold in percent (undefined for the mode's default) and whether a regression fails the task. */
  baseline?: { path: string; threshold?: number; failOnRegression: boolean };
  /** Where profileFolder and cacheDir came from, for messages: `option "cacheDir"`, say. */
  sources: { profileFolder: string; cacheDir: string; mode: string };
}

/** Where the request is run: the Nx context reduced to what normalization reads. */
export interface RequestContext {
  projectName: string;
  projectRoot: string;
  workspaceRoot: string;
}

export const defaultProfileFolder = join('dist', 'go-bench');

/**
 * Turns executor options into a BenchRequest: applies defaults and the
 * CodSpeed and nx-go-bench environment variables, resolves paths and rejects
 * bad values with an error naming the option.
 */
export function normalizeOptions(
  options: BenchExecutorOptions,
  context: RequestContext,
  env: NodeJS.ProcessEnv,
): BenchRequest {
  const root = context.workspaceRoot;
  normalizeRun(options.run);
  const { mode, profileFolder } = normalizeOutput(options, env);
  const cacheDir = firstSet(
    ['option "cacheDir"', options.cacheDir],
    ['NX_GO_BENCH_CACHE_DIR', env.NX_GO_BENCH_CACHE_DIR],
    ['the default of option "cacheDir", in the user cache folder', defaultCacheDir(env)],
  );
  return {
    projectName: context.projectName,
    workspaceRoot: root,
    projectRoot: resolve(root, context.projectRoot),
    bench: normalizeBench(options.bench),
    benchtime: normalizeBenchtime(options.benchtime),
    maxTimeNs: normalizeMaxTime(options.maxTime, normalizeBenchtime(options.benchtime)),
    count: normalizeCount(options.count),
    cpu: normalizeCpu(options.cpu),
    tags: toList(options.tags, 'tags', /[\s,]+/),
    timeout: normalizeTimeout(options.timeout),
    benchmem: normalizeBool(options.benchmem, 'benchmem'),
    short: normalizeBool(options.short, 'short'),
    failfast: normalizeBool(options.failfast, 'failfast'),
    packages: normalizePackages(options.packages),
    mode: mode.value,
    profileFolder: resolve(root, profileFolder.value),
    cacheDir: resolve(root, cacheDir.value),
    historyLimit: normalizeHistoryLimit(options.historyLimit),
    sources: { profileFolder: profileFolder.source, cacheDir: cacheDir.source, mode: mode.source },
    env: normalizeEnv(options.env),
    args: validateTestArgs(normalizeArgs(options.args)),
    ...normalizeBaseline(options, root),
  };
}

/**
 * The mode and the profile folder (as given, and where from): what decides
 * into which results a task's benchmarks go, read alike for every task of
 * a run (see run-tasks).
 */
export function normalizeOutput(
  options: Pick<BenchExecutorOptions, 'mode' | 'profileFolder'>,
  env: NodeJS.ProcessEnv,
): { mode: { value: BenchMode; source: string }; profileFolder: { value: string; source: string } } {
  const profileFolder = firstSet(
    ['option "profileFolder"', options.profileFolder],
    ['CODSPEED_PROFILE_FOLDER', env.CODSPEED_PROFILE_FOLDER],
    ['the default of option "profileFolder"', defaultProfileFolder],
  );
  return { mode: normalizeMode(options.mode, env), profileFolder };
}

function normalizeHistoryLimit(limit: unknown): number {
  if (limit === undefined) return defaultHistoryLimit;
  const n = typeof limit === 'string' && /^\d+$/.test(limit) ? Number(limit) : limit;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new BenchError(`Invalid option "historyLimit": ${JSON.stringify(limit)} is not a whole number of runs.`, [
      `It is how many earlier runs the profile folder's history/ keeps (default ${defaultHistoryLimit}); 0 keeps none.`,
    ]);
  }
  return n;
}

/** The baseline options; threshold and failOnRegression mean nothing without a baseline, and say so. */
function normalizeBaseline(options: BenchExecutorOptions, root: string): Pick<BenchRequest, 'baseline'> {
  const failOnRegression = normalizeBool(options.failOnRegression, 'failOnRegression');
  const threshold = options.threshold === undefined ? undefined : parseThreshold(options.threshold, 'option "threshold"');
  if (options.baseline === undefined || options.baseline === '') {
    if (failOnRegression || threshold !== undefined) {
      throw new BenchError(`Invalid option "${failOnRegression ? 'failOnRegression' : 'threshold'}": it needs option "baseline", the results to compare with.`, [
        'Set "baseline" to a results file, a profile folder or a file of Go benchmark text.',
      ]);
    }
    return {};
  }
  return { baseline: { path: resolve(root, String(options.baseline)), threshold, failOnRegression } };
}

/** The first setting given, and where it came from. */
function firstSet(...settings: [source: string, value: string | undefined][]): { source: string; value: string } {
  const [source, value] = settings.find(([, v]) => nonEmpty(v) !== undefined) ?? settings[settings.length - 1];
  return { source, value: value ?? '' };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function normalizeBench(bench: unknown): string {
  if (bench === undefined) return '.';
  // Nx reads --bench=1 from its command line as a number.
  if (typeof bench === 'number') return String(bench);
  if (typeof bench !== 'string' || bench === '') {
    throw new BenchError('Invalid option "bench": expected a non-empty regular expression.', [
      'Use "." to run every benchmark, as go test -bench=. does.',
    ]);
  }
  return bench;
}

function normalizeBenchtime(benchtime: unknown): string {
  if (benchtime === undefined) return '1s';
  const text = String(benchtime);
  if (!parseBenchtime(text)) {
    throw new BenchError(`Invalid option "benchtime": "${text}" is neither a duration nor an iteration count.`, [
      'Use a positive Go duration such as "1s", "500ms" or "1m30s", or a count of iterations such as "100x".',
    ]);
  }
  return text;
}

/**
 * The default wall-time budget of a benchmark: three times a duration
 * benchtime, as CodSpeed's Go runner allows, and 1s at least, so that the
 * fixed costs of a short benchtime (a collection before each call, setup)
 * do not cut its rounds.
 */
export const defaultMaxTimeFactor = 3;
export const minDefaultMaxTimeNs = 1e9;

function normalizeMaxTime(maxTime: unknown, benchtime: string): number {
  if (maxTime === undefined) {
    const parsed = parseBenchtime(benchtime);
    return parsed?.kind === 'duration' ? Math.max(defaultMaxTimeFactor * parsed.ns, minDefaultMaxTimeNs) : 0;
  }
  const text = String(maxTime);
  const ns = parseGoDuration(text);
  if (ns === undefined || ns < 0) {
    throw new BenchError(`Invalid option "maxTime": "${text}" is not a Go duration.`, [
      'Use a duration such as "3s" or "1m", or "0" for no limit on the wall time of a benchmark.',
    ]);
  }
  return Math.round(ns);
}

function normalizeCount(count: unknown): number {
  if (count === undefined) return 1;
  const n = typeof count === 'string' && /^\d+$/.test(count) ? Number(count) : count;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw new BenchError(`Invalid option "count": ${JSON.stringify(count)} is not a positive whole number.`, [
      'It runs each benchmark that many times, as go test -count does; the default is 1.',
    ]);
  }
  return n;
}

function normalizeCpu(cpu: unknown): number[] {
  const list = typeof cpu === 'number' ? [String(cpu)] : Array.isArray(cpu) ? cpu.map(String) : toList(cpu, 'cpu', /[\s,]+/);
  return list.map((value) => {
    if (!/^\d+$/.test(value) || Number(value) < 1) {
      throw new BenchError(`Invalid option "cpu": "${value}" is not a positive GOMAXPROCS value.`, [
        'Give a list such as [1, 2, 4] or "1,2,4", as go test -cpu takes it.',
      ]);
    }
    return Number(value);
  });
}

function normalizeTimeout(timeout: unknown): string | undefined {
  if (timeout === undefined) return undefined;
  const text = String(timeout);
  const ns = parseGoDuration(text);
  if (ns === undefined || ns < 0) {
    throw new BenchError(`Invalid option "timeout": "${text}" is not a Go duration.`, [
      'Use a duration such as "10m" or "1h30m", or "0" for no limit, as go test -timeout takes it.',
    ]);
  }
  return text;
}

function normalizeBool(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new BenchError(`Invalid option "${name}": expected true or false, got ${JSON.stringify(value)}.`);
}

/** Only `^$` is accepted, so that a run option copied from a go test command line does not silently run tests. */
function normalizeRun(run: unknown): void {
  if (run !== undefined && run !== '^$') {
    throw new BenchError(`Invalid option "run": ${JSON.stringify(run)} would select tests, and tests never run here.`, [
      'The executor always passes -run=^$ so that only benchmarks run; remove "run", or set it to "^$".',
      'To choose benchmarks, use the "bench" option.',
    ]);
  }
}

function normalizePackages(packages: unknown): string[] {
  const list = packages === undefined ? ['./...'] : toList(packages, 'packages', /[\s,]+/);
  if (list.length === 0) {
    throw new BenchError('Invalid option "packages": the list is empty.', [
      'Give at least one package pattern, e.g. "./...".',
    ]);
  }
  for (const pattern of list) {
    if (pattern === '' || pattern.startsWith('-')) {
      throw new BenchError(`Invalid option "packages": "${pattern}" is not a package pattern.`, [
        'Flags go in the "args" option; packages are paths such as "./..." or "./internal/codec".',
      ]);
    }
    if (isAbsolute(pattern)) {
      throw new BenchError(`Invalid option "packages": "${pattern}" is absolute.`, [
        'Package patterns are relative to the project root, e.g. "./...".',
      ]);
    }
  }
  return list;
}

const modeAliases: Record<string, BenchMode> = {
  walltime: 'walltime',
  simulation: 'simulation',
  instrumentation: 'simulation',
  memory: 'memory',
};

function normalizeMode(mode: unknown, env: NodeJS.ProcessEnv): { value: BenchMode; source: string } {
  const fromEnv = nonEmpty(env.CODSPEED_RUNNER_MODE);
  const [source, value] =
    mode !== undefined ? ['option "mode"', String(mode)] : fromEnv ? ['CODSPEED_RUNNER_MODE', fromEnv] : ['', 'walltime'];
  const resolved = modeAliases[value];
  if (!resolved) {
    throw new BenchError(`Invalid ${source}: unknown mode "${value}".`, [
      'Known modes: walltime, simulation, memory.',
    ]);
  }
  return { value: resolved, source: source || 'the default' };
}

function normalizeEnv(env: unknown): Record<string, string> {
  if (env === undefined) return {};
  if (typeof env !== 'object' || env === null || Array.isArray(env)) {
    throw new BenchError('Invalid option "env": expected an object of variable names to string values.');
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new BenchError(`Invalid option "env": "${name}" is not an environment variable name.`);
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new BenchError(`Invalid option "env": the value of ${name} must be a string.`);
    }
    out[name] = String(value);
  }
  return out;
}

/**
 * The args option: a list as it is, or a string split into words as a shell
 * splits them, where single or double quotes group (`-gcflags='-N -l'`) and
 * nothing is escaped, as in go's own -gcflags and GOFLAGS values. The
 * schema lists args under anyOf, not oneOf: Nx splits a command-line string
 * at commas, into one word per comma, for a oneOf that holds an array.
 */
function normalizeArgs(args: unknown): string[] {
  if (typeof args !== 'string') return toList(args, 'args', /\s+/);
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const char of args) {
    if (quote) {
      if (char === quote) quote = undefined;
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (quote) {
    throw new BenchError(`Invalid option "args": the ${quote} quote in ${JSON.stringify(args)} is never closed.`, [
      'Quotes group words, as in a shell: --args="-race -gcflags=\'-N -l\'".',
    ]);
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** Nx passes a list given once on the command line as a plain string; it is split at `separator`. */
function toList(value: unknown, name: string, separator: RegExp): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return value.split(separator).filter((s) => s !== '');
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new BenchError(`Invalid option "${name}": expected a list of strings.`);
}
