import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pluginName, pluginVersion } from '../utils/package';
import { BenchError } from '../utils/bench-error';
import { pauseForTests } from '../utils/test-pause';
import type { MemoryStats } from '../memory/counts';
import type { SimulationStats } from '../simulation/callgrind';
import type { BenchmarkSummary } from './aggregate';
import type { WalltimeStats } from './stats';

export interface WalltimeBenchmark {
  name: string;
  uri: string;
  config: {
    warmup_time_ns: number | null;
    min_round_time_ns: number | null;
    max_time_ns: number | null;
    max_rounds: number | null;
  };
  stats: WalltimeStats;
}

/**
 * A benchmark measured in simulation mode: per iteration, the instructions
 * and what callgrind's cache simulation makes of them, from two counted
 * calls of `iterations` iterations (see simulation/callgrind).
 */
export interface SimulationBenchmark {
  name: string;
  uri: string;
  config: { iterations: number[] };
  stats: SimulationStats;
}

/**
 * A benchmark measured in memory mode: per iteration, its heap allocations
 * and bytes, from counted calls of `iterations` iterations, and its peak
 * heap (see memory/counts).
 */
export interface MemoryBenchmark {
  name: string;
  uri: string;
  config: { iterations: number[] };
  stats: MemoryStats;
}

export type InstrumentType = 'walltime' | 'simulation' | 'memory';

export type ResultsBenchmark = WalltimeBenchmark | SimulationBenchmark | MemoryBenchmark;

/** A results file: CodSpeed's walltime format, or the same frame holding simulation or memory entries. */
export interface WalltimeResults {
  creator: { name: string; version: string; pid: number };
  instrument: { type: InstrumentType };
  benchmarks: ResultsBenchmark[];
}

/** The results entry of a benchmark: a simulation or memory entry if it was counted, else a walltime one. */
export function toWalltime(summary: BenchmarkSummary): ResultsBenchmark {
  const { name, uri } = summary;
  if (summary.simulation) return { name, uri, config: { iterations: summary.simulation.iterations }, stats: summary.simulation.stats };
  if (summary.memory) return { name, uri, config: { iterations: summary.memory.iterations }, stats: summary.memory.stats };
  return { name: summary.name, uri: summary.uri, config: summary.config, stats: summary.stats };
}

/** A results file of benchmarks; its instrument is simulation or memory when they were counted. */
export function walltimeResults(benchmarks: ResultsBenchmark[], pid = process.pid, type: InstrumentType = instrumentOf(benchmarks)): WalltimeResults {
  return {
    creator: { name: pluginName, version: pluginVersion, pid },
    instrument: { type },
    benchmarks,
  };
}

function instrumentOf(benchmarks: ResultsBenchmark[]): InstrumentType {
  const counted = benchmarks.find((b) => 'iterations' in b.config);
  if (!counted) return 'walltime';
  return 'allocs' in counted.stats ? 'memory' : 'simulation';
}

/** The Go text format file that goes with a results file: <profile>/benchfmt/<pid>.txt. */
export function textFileFor(resultsFile: string): string {
  return join(dirname(dirname(resultsFile)), 'benchfmt', `${basename(resultsFile, '.json')}.txt`);
}

/** The environment file that goes with a results file: <profile>/environment-<pid>.json (see codspeed/environment). */
export function environmentFileFor(resultsFile: string): string {
  return join(dirname(dirname(resultsFile)), `environment-${basename(resultsFile, '.json')}.json`);
}

/**
 * Writes results to <profileFolder>/results/<pid>.json and, when given, the
 * same run in Go's text format to <profileFolder>/benchfmt/<pid>.txt. Each
 * file is written under a temporary name and renamed, so the folder never
 * holds a partial file; the text goes first, so a results file always has
 * its text beside it. A file already there is never replaced, but for
 * `own`, a results file this process wrote before and now rewrites: a pid
 * reused since an earlier run, or another tool's file of the same name,
 * makes the name `<pid>-2.json`, `<pid>-3.json`, and so on.
 */
export function writeResults(profileFolder: string, results: WalltimeResults, text?: string, own?: string): string {
  if (results.benchmarks.length === 0) throw new Error('refusing to write a results file without benchmarks');
  const target = own ?? freeResultsFile(profileFolder, results.creator.pid);
  if (text !== undefined) writeAtomically(textFileFor(target), text);
  writeAtomically(target, JSON.stringify(results, null, 2) + '\n');
  return target;
}

/** The first results file name of pid whose results, text and environment files are all absent. */
function freeResultsFile(profileFolder: string, pid: number): string {
  for (let n = 1; ; n++) {
    const target = join(profileFolder, 'results', `${pid}${n === 1 ? '' : `-${n}`}.json`);
    if (![target, textFileFor(target), environmentFileFor(target)].some((file) => existsSync(file))) return target;
  }
}

/** Writes a file of the profile folder under a temporary name and renames it into place. */
export function writeAtomically(target: string, content: string): void {
  const temp = join(dirname(target), `.${basename(target)}.tmp`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temp, content);
    pauseForTests('results');
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    const e = error as NodeJS.ErrnoException;
    throw new BenchError(`Cannot write ${target}: ${e.code === 'ENOSPC' ? 'the disk is full' : e.message}.`, [
      'The folder holds no part of it. Make room, or choose another profile folder (option "profileFolder" or CODSPEED_PROFILE_FOLDER).',
    ]);
  }
}

/** Removes a results file, its text file and its environment file. */
export function removeResults(resultsFile: string): void {
  rmSync(resultsFile, { force: true });
  const text = textFileFor(resultsFile);
  if (existsSync(text)) rmSync(text, { force: true });
  rmSync(environmentFileFor(resultsFile), { force: true });
}
