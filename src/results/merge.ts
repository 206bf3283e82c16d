import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError } from '../utils/bench-error';
import { textFileFor, walltimeResults, type WalltimeResults } from './walltime';

/** Reads a results file, or throws naming it. */
export function readResultsFile(path: string): WalltimeResults {
  let parsed: WalltimeResults;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as WalltimeResults;
  } catch (error) {
    throw new Error(`${path}: not a results file (${(error as Error).message})`);
  }
  if (!['walltime', 'simulation', 'memory'].includes(parsed?.instrument?.type) || !Array.isArray(parsed.benchmarks)) {
    throw new Error(`${path}: not a walltime, simulation or memory results file`);
  }
  return parsed;
}

/**
 * The results files of a profile folder, oldest first: in the order they
 * were last written, and where two were written in the same millisecond
 * (files copied together, say), by name with numbers compared as numbers.
 */
export function resultsFiles(profileFolder: string): string[] {
  const dir = join(profileFolder, 'results');
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      try {
        return [{ name, written: statSync(join(dir, name)).mtimeMs }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.written - b.written || a.name.localeCompare(b.name, 'en', { numeric: true }))
    .map((f) => join(dir, f.name));
}

/**
 * Merges results into one: every benchmark once, by URI, the later of two
 * entries for one URI winning; order of first appearance. Merging a merge
 * again gives the same benchmarks.
 */
export function mergeResults(parts: WalltimeResults[], pid = process.pid): WalltimeResults {
  const types = [...new Set(parts.filter((p) => p.benchmarks.length > 0).map((p) => p.instrument.type))];
  if (types.length > 1) {
    throw new BenchError(`Cannot merge ${types.join(' and ')} results into one file: their numbers do not compare.`, [
      'Give each mode its own profile folder (option "profileFolder" or CODSPEED_PROFILE_FOLDER).',
    ]);
  }
  const byUri = new Map<string, WalltimeResults['benchmarks'][number]>();
  for (const part of parts) {
    for (const benchmark of part.benchmarks) byUri.set(benchmark.uri, benchmark);
  }
  return walltimeResults([...byUri.values()], pid, types[0] ?? 'walltime');
}

/** The Go text of several results files, one after the other; files without text add nothing. */
export function mergedText(resultsFiles: string[]): string {
  return resultsFiles
    .map(textFileFor)
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'))
    .join('');
}
