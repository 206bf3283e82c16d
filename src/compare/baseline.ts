import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ListedPackage } from '../go/packages';
import { benchmarkFunctions } from '../plugin/go-source';
import type { BenchmarkSummary } from '../results/aggregate';
import { goBenchText } from '../results/go-text';
import type { InstrumentType } from '../results/walltime';
import { BenchError } from '../utils/bench-error';
import { parseBenchText } from './benchfmt';
import { compareSides, matchBenchmarks, type Comparison } from './compare';
import { regressionError } from './report';
import { readSide, type Side } from './side';

export interface BaselineOptions {
  path: string;
  /** In percent; the mode's default when undefined. */
  threshold?: number;
  failOnRegression: boolean;
}

/**
 * Reads the baseline before anything runs, so that a bad one fails the
 * task at once: one that does not read, or holds results of another mode
 * than the run measures in. Errors name the option.
 */
export function readBaseline(options: BaselineOptions, workspaceRoot: string, mode: InstrumentType): Side {
  const label = relative(workspaceRoot, options.path) || '.';
  let side: Side;
  try {
    side = readSide(options.path, label);
  } catch (error) {
    if (!(error instanceof BenchError)) throw error;
    throw new BenchError(`${error.title.replace(/\.$/, '')} (option "baseline").`, error.bodyLines);
  }
  if (side.benchmarks.size > 0 && side.mode !== mode) {
    throw new BenchError(`The baseline ${label} (option "baseline") holds ${side.mode} results, and this run measures in ${mode} mode: their numbers do not compare.`, [
      `Point "baseline" at results measured in ${mode} mode, or set "mode" to ${side.mode}.`,
    ]);
  }
  return side;
}

/** The top-level benchmark function of a go test benchmark name: `BenchmarkX/sub-8` is `BenchmarkX`. */
function topLevel(name: string): string {
  return name.split('/')[0].replace(/-\d+$/, '');
}

/**
 * For a gated run (failOnRegression), refuses before anything is measured
 * a baseline that holds none of the benchmark functions the run's packages
 * declare: the gate would have nothing to compare, and pass whatever the
 * code does.
 */
export function checkBaselineCovers(options: BaselineOptions, base: Side, packages: ListedPackage[], project: string, workspaceRoot: string): void {
  if (!options.failOnRegression) return;
  const inBase = new Set([...base.benchmarks.values()].map((b) => `${b.pkg} ${topLevel(b.name)}`));
  const declared = packages.flatMap((p) =>
    [...(p.TestGoFiles ?? []), ...(p.XTestGoFiles ?? [])].flatMap((file) => {
      try {
        return benchmarkFunctions(readFileSync(join(p.Dir ?? '', file), 'utf8')).map((name) => `${p.ImportPath} ${name}`);
      } catch {
        return [];
      }
    }),
  );
  if (declared.some((key) => inBase.has(key))) return;
  const label = relative(workspaceRoot, options.path) || '.';
  const basePackages = [...new Set([...base.benchmarks.values()].map((b) => b.pkg))];
  throw new BenchError(`The baseline ${label} (option "baseline") holds none of ${project}'s benchmarks: with "failOnRegression", the gate would compare nothing and pass whatever the code does.`, [
    `Packages in the baseline: ${basePackages.slice(0, 5).join(', ') || 'none'}${basePackages.length > 5 ? ', …' : ''}`,
    `Packages of ${project}: ${packages.map((p) => p.ImportPath).slice(0, 5).join(', ')}${packages.length > 5 ? ', …' : ''}`,
    'Benchmarks are matched by package and name. Point "baseline" at results of these benchmarks, or unset "failOnRegression" for a project new to the baseline.',
  ]);
}

/**
 * Compares a task's benchmarks with its baseline, once their results are
 * written: the baseline's benchmarks of the task's packages against the
 * run's rounds. A baseline that holds none of them (a new project) is no
 * comparison, and no error unless the run is gated.
 */
export function compareWithBaseline(
  options: BaselineOptions,
  base: Side,
  mode: InstrumentType,
  benchmarks: BenchmarkSummary[],
): { comparison?: Comparison; error?: BenchError } {
  const head: Side = { label: 'this run', mode, benchmarks: parseBenchText(goBenchText(benchmarks)) };
  const packages = new Set([...head.benchmarks.values()].map((b) => b.pkg));
  const ours: Side = { ...base, benchmarks: new Map([...base.benchmarks].filter(([, b]) => packages.has(b.pkg))) };
  if (matchBenchmarks(ours, head).pairs.size === 0) {
    if (!options.failOnRegression) return {};
    return {
      error: new BenchError(`None of the benchmarks this run measured is in the baseline ${base.label}: with "failOnRegression", the gate compared nothing.`, [
        `This run: ${[...head.benchmarks.values()].slice(0, 5).map((b) => b.name).join(', ')}`,
        `The baseline, in these packages: ${[...ours.benchmarks.values()].slice(0, 5).map((b) => b.name).join(', ') || 'none'}`,
        'Check option "bench", or point "baseline" at results of these benchmarks.',
      ]),
    };
  }
  const comparison = compareSides(ours, head, options.threshold !== undefined ? options.threshold / 100 : undefined);
  const error = options.failOnRegression
    ? regressionError(comparison, 'Raise option "threshold", or unset "failOnRegression", to let such a change through.')
    : undefined;
  return { comparison, error };
}
