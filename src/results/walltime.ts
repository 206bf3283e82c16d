import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pluginName, pluginVersion } from '../utils/package';
import { BenchError } from '../utils/bench-error';
import { pauseForTests } from '../utils/test-pause';
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

/** A results file in CodSpeed's walltime format. */
export interface WalltimeResults {
  creator: { name: string; version: string; pid: number };
  instrument: { type: 'walltime' };
  benchmarks: WalltimeBenchmark[];
}

export function toWalltime(summary: BenchmarkSummary): WalltimeBenchmark {
  return { name: summary.name, uri: summary.uri, config: summary.config, stats: summary.stats };
}

export function walltimeResults(benchmarks: WalltimeBenchmark[], pid = process.pid): WalltimeResults {
  return {
    creator: { name: pluginName, version: pluginVersion, pid },
    instrument: { type: 'walltime' },
    benchmarks,
  };
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
 * its text beside it.
 */
export function writeResults(profileFolder: string, results: WalltimeResults, text?: string): string {
  if (results.benchmarks.length === 0) throw new Error('refusing to write a results file without benchmarks');
  const target = join(profileFolder, 'results', `${results.creator.pid}.json`);
  if (text !== undefined) writeAtomically(textFileFor(target), text);
  writeAtomically(target, JSON.stringify(results, null, 2) + '\n');
  return target;
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
