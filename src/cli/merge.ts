import { resolve } from 'node:path';
import { mergeEnvironmentFiles } from '../codspeed/environment';
import { mergedText, mergeResults, readResultsFile, resultsFiles } from '../results/merge';
import { archiveEarlierRuns, defaultHistoryLimit } from '../results/archive';
import { writeResults } from '../results/walltime';
import { BenchError } from '../utils/bench-error';

export interface MergeCommand {
  folders: string[];
  out: string;
}

/** Parses `merge <profile folders...> --out <folder>` (also `--out=<folder>`). */
export function parseMergeArgs(args: string[]): MergeCommand {
  const folders: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--out' || arg === '-out') {
      out = args[++i];
      if (out === undefined) throw new BenchError('merge: --out needs a folder.');
    } else if (arg.startsWith('--out=') || arg.startsWith('-out=')) {
      out = arg.slice(arg.indexOf('=') + 1);
    } else if (arg.startsWith('-')) {
      throw new BenchError(`merge: unknown flag ${arg}.`, ['Usage: nx-go-bench merge <profile folders...> --out <folder>']);
    } else {
      folders.push(arg);
    }
  }
  if (folders.length === 0 || !out) {
    throw new BenchError('merge: name the profile folders to merge and the --out folder.', [
      'Usage: nx-go-bench merge <profile folders...> --out <folder>',
    ]);
  }
  return { folders, out };
}

/**
 * Merges the results files of several profile folders (say, one per CI
 * shard) into one results file in the out folder, whose earlier merges
 * move to its history/. Every input must hold at least one results file,
 * so that a shard whose upload went missing is noticed rather than
 * silently dropped; no input is changed.
 */
export function runMerge(command: MergeCommand): { resultsFile: string; benchmarks: number; files: number } {
  const out = resolve(command.out);
  const files = command.folders.flatMap((folder) => {
    if (resolve(folder) === out) {
      throw new BenchError(`merge: --out ${command.out} is one of the folders to merge.`, [
        'The merged file would sit beside its parts, and CodSpeed\'s uploader, which reads every results/*.json, would count each benchmark twice.',
        'Merge into a folder of its own, e.g. --out merged.',
      ]);
    }
    const found = resultsFiles(resolve(folder));
    if (found.length === 0) throw new BenchError(`merge: ${folder} holds no results/*.json.`);
    return found;
  });
  const parts = files.map((file) => {
    try {
      return readResultsFile(file);
    } catch (error) {
      throw new BenchError(`merge: ${(error as Error).message}`);
    }
  });
  const merged = mergeResults(parts);
  if (merged.benchmarks.length === 0) throw new BenchError('merge: the results files hold no benchmarks.');
  const resultsFile = writeResults(out, merged, mergedText(files));
  mergeEnvironmentFiles(files, resultsFile);
  archiveEarlierRuns(out, new Set([resultsFile]), defaultHistoryLimit);
  return { resultsFile, benchmarks: merged.benchmarks.length, files: files.length };
}
