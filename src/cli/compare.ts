import { resolve } from 'node:path';
import { compareSides, type Comparison } from '../compare/compare';
import { reportHtml } from '../compare/html';
import { comparisonLines, comparisonMarkdown, regressionError } from '../compare/report';
import { readSide } from '../compare/side';
import { parseThreshold } from '../compare/threshold';
import { appendStepSummary, writeOutputFile } from '../report/output-file';
import { BenchError } from '../utils/bench-error';

export interface CompareCommand {
  base: string;
  head: string;
  /** In percent; the mode's default when not given. */
  threshold?: number;
  failOnRegression: boolean;
  /** Where to write the comparison as Markdown. */
  markdown?: string;
  /** Where to write the comparison as a self-contained HTML page with charts. */
  html?: string;
}

export const compareUsage = [
  'Usage: nx-go-bench compare <base> <head> [--threshold <percent>] [--fail-on-regression] [--markdown <file>] [--html <file>]',
  '',
  'Each side is a results file, a profile folder (all its results files) or a file of Go benchmark text.',
  '  --threshold p          a regression is a slowdown by more than p percent (default 5 for walltime, 1 for simulation and memory)',
  '  --fail-on-regression   exit with status 1 when a benchmark regressed',
  '  --markdown <file>      also write the comparison as Markdown (and to $GITHUB_STEP_SUMMARY when set)',
  '  --html <file>          also write one self-contained HTML page with charts',
];

/** Parses `compare <base> <head> [flags]`; flags take `--flag value` or `--flag=value`. */
export function parseCompareArgs(args: string[]): CompareCommand {
  const paths: string[] = [];
  const command: Partial<CompareCommand> = { failOnRegression: false };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new BenchError(`compare: ${flag} needs a value.`, compareUsage);
      return v;
    };
    if (flag === '--threshold') command.threshold = parseThreshold(value(), '--threshold');
    else if (flag === '--fail-on-regression') command.failOnRegression = true;
    else if (flag === '--markdown') command.markdown = value();
    else if (flag === '--html') command.html = value();
    else if (flag.startsWith('-')) throw new BenchError(`compare: unknown flag ${flag}.`, compareUsage);
    else paths.push(flag);
  }
  if (paths.length !== 2) throw new BenchError(`compare: expected a base and a head, got ${paths.length} path${paths.length === 1 ? '' : 's'}.`, compareUsage);
  return { ...command, base: paths[0], head: paths[1] } as CompareCommand;
}

/**
 * Compares, prints the table, writes the reports asked for, and says
 * whether the gate passes. A report that cannot be written is an error of
 * its own, which never hides the gate's; a step summary that cannot be
 * written is a warning.
 */
export function runCompare(command: CompareCommand, print: (line: string) => void): { comparison: Comparison; errors: BenchError[]; warnings: string[] } {
  const base = readSide(resolve(command.base), command.base);
  const head = readSide(resolve(command.head), command.head);
  const comparison = compareSides(base, head, command.threshold !== undefined ? command.threshold / 100 : undefined);
  for (const line of comparisonLines(comparison)) print(line);
  const markdown = comparisonMarkdown(comparison);
  const errors: BenchError[] = [];
  const write = (path: string | undefined, content: () => string, flag: string) => {
    if (path === undefined) return;
    try {
      writeOutputFile(path, content(), `from ${flag}`);
    } catch (error) {
      if (!(error instanceof BenchError)) throw error;
      errors.push(error);
    }
  };
  write(command.markdown, () => markdown, '--markdown');
  write(command.html, () => reportHtml(`${command.base} → ${command.head}`, { comparison }), '--html');
  const warning = appendStepSummary(markdown);
  const gate = command.failOnRegression
    ? regressionError(comparison, 'Raise --threshold, or leave out --fail-on-regression, to let such a change through.')
    : undefined;
  return { comparison, errors: gate ? [gate, ...errors] : errors, warnings: warning ? [warning] : [] };
}
