import { relative } from 'node:path';
import type { BenchmarkSummary } from '../results/aggregate';
import { goBenchText } from '../results/go-text';
import type { InstrumentType } from '../results/walltime';
import { BenchError } from '../utils/bench-error';
import { parseBenchText } from './benchfmt';
import { compareSides, type Comparison } from './compare';
import { regressionError } from './report';
import { readSide, type Side } from './side';

export interface BaselineOptions {
  path: string;
  /** In percent; the mode's default when undefined. */
  threshold?: number;
  failOnRegression: boolean;
}

/** Reads the baseline before anything runs, so that a bad one fails the task at once; errors name the option. */
export function readBaseline(options: BaselineOptions, workspaceRoot: string): Side {
  try {
    return readSide(options.path, relative(workspaceRoot, options.path) || '.');
  } catch (error) {
    if (!(error instanceof BenchError)) throw error;
    throw new BenchError(`${error.title.replace(/\.$/, '')} (option "baseline").`, error.bodyLines);
  }
}

/**
 * Compares a task's benchmarks with its baseline, once their results are
 * written: the baseline's benchmarks of the task's packages against the
 * run's rounds. A baseline that holds none of them (a new project) is no
 * comparison, and no error; one of another mode is an error.
 */
export function compareWithBaseline(
  options: BaselineOptions,
  base: Side,
  mode: InstrumentType,
  benchmarks: BenchmarkSummary[],
): { comparison?: Comparison; error?: BenchError } {
  const head: Side = { label: 'this run', mode, benchmarks: parseBenchText(goBenchText(benchmarks)) };
  const packages = new Set([...head.benchmarks.values()].map((b) => b.pkg));
  const ours = new Map([...base.benchmarks].filter(([, b]) => packages.has(b.pkg)));
  if (![...head.benchmarks.keys()].some((key) => ours.has(key))) return {};
  const comparison = compareSides({ ...base, benchmarks: ours }, head, options.threshold !== undefined ? options.threshold / 100 : undefined);
  const error = options.failOnRegression
    ? regressionError(comparison, 'Raise option "threshold", or unset "failOnRegression", to let such a change through.')
    : undefined;
  return { comparison, error };
}
