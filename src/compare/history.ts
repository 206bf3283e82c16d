import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { BenchError } from '../utils/bench-error';
import { historyEntries } from '../results/archive';
import { resultsFiles } from '../results/merge';
import { median } from './compare';
import type { History } from './html';
import { primaryUnit, readSide, writtenByPlugin, type Side } from './side';

/**
 * The runs of a history, oldest first: the paths as given, or, for a lone
 * profile folder, the earlier runs in its history/ and then each of its
 * results files, in the order they were written.
 */
export function historyRuns(paths: string[]): Side[] {
  if (paths.length === 1 && statSync(resolve(paths[0]), { throwIfNoEntry: false })?.isDirectory()) {
    const folder = resolve(paths[0]);
    const runs = [
      ...historyEntries(folder).map((entry) => readSide(entry, basename(entry))),
      ...resultsFiles(folder)
        .filter(writtenByPlugin)
        .map((file) => readSide(file, basename(file, '.json'))),
    ];
    if (runs.length === 0) throw new BenchError(`history: ${paths[0]} holds no results files (results/*.json, history/*/results/*.json).`);
    return runs;
  }
  return paths.map((path) => readSide(resolve(path), path));
}

/** Each benchmark's median per run, in its mode's unit; runs of different modes are refused. */
export function historyOf(runs: Side[]): History {
  const modes = [...new Set(runs.map((r) => r.mode))];
  if (modes.length > 1) throw new BenchError(`history: the runs mix ${modes.join(' and ')} results, whose numbers do not compare.`);
  const unit = primaryUnit[modes[0] ?? 'walltime'];
  const names = new Map<string, string>();
  for (const run of runs) for (const [key, b] of run.benchmarks) if (!names.has(key)) names.set(key, b.name);
  return {
    unit,
    runs: runs.map((r) => r.label),
    benchmarks: [...names].map(([key, name]) => ({
      name,
      medians: runs.map((r) => {
        const samples = r.benchmarks.get(key)?.samples.get(unit);
        return samples?.length ? median(samples) : null;
      }),
    })),
  };
}
