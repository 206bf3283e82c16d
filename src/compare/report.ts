import { formatValue } from '../results/go-text';
import { formatNs } from '../report/summary';
import { BenchError } from '../utils/bench-error';
import { alpha, type BenchmarkComparison, type Comparison } from './compare';

/** The columns of the comparison table; Markdown and HTML add the package after the benchmark. */
export const comparisonHeader = ['benchmark', 'base', 'head', 'change', '95% CI', 'p', 'verdict'];
export const packageHeader = ['benchmark', 'package', ...comparisonHeader.slice(1)];

/** A signed percentage with one decimal: +10.0%, -2.3%. */
export function formatChange(change: number): string {
  if (!Number.isFinite(change)) return change > 0 ? '+inf' : '-inf';
  const percent = (100 * change).toFixed(1);
  return `${change >= 0 && !percent.startsWith('-') ? '+' : ''}${percent}%`;
}

function formatFigure(value: number, unit: string): string {
  return unit === 'ns/op' ? formatNs(value) : `${formatValue(value)} ${unit.replace('/op', '')}`;
}

function verdictCell(b: BenchmarkComparison): string {
  if (b.verdict === 'undecidable') return '?';
  return (b.verdict === 'unchanged' ? '~' : b.verdict) + (b.regressed ? ' !' : '');
}

/**
 * One row per benchmark compared; "~" where benchstat would print it (no
 * significant change), "?" where the rounds are too few for the test. The
 * terminal's rows name a benchmark by its label (with its package where
 * two packages share the name); Markdown and HTML give the package a
 * column of its own.
 */
export function comparisonRows(c: Comparison, withPackage = false): string[][] {
  return c.benchmarks.map((b) => [
    ...(withPackage ? [b.name, b.pkg] : [b.label]),
    formatFigure(b.base.median, b.unit),
    formatFigure(b.head.median, b.unit),
    formatChange(b.change),
    b.interval ? `[${formatChange(b.interval[0])}, ${formatChange(b.interval[1])}]` : '-',
    b.p !== undefined ? `p=${b.p.toFixed(3)} n=${b.base.n}+${b.head.n}` : '-',
    verdictCell(b),
  ]);
}

/** What sits under the table: the geometric mean, the threshold, and what was matched or left out, and why. */
export function comparisonNotes(c: Comparison): string[] {
  const test = c.mode === 'walltime' ? 'significant at p < 0.05 (Mann-Whitney U test)' : 'counts are deterministic: no test';
  const units = [...new Set(c.benchmarks.map((b) => b.unit))];
  const undecidable = c.benchmarks.filter((b) => b.verdict === 'undecidable');
  return [
    `geomean: ${formatChange(c.geomean)}; ${units.length > 1 ? `units ${units.join(', ')}` : `unit ${units[0] ?? c.unit}`}; ${test}; "!" marks slower by more than the threshold, ${formatChange(c.threshold).slice(1)}.`,
    ...(undecidable.length > 0 ? [`"?" marks too few rounds a side for the test to ever reach p < ${alpha}, whatever the change (${undecidable.length} of ${c.benchmarks.length}).`] : []),
    ...(c.procs ? [`GOMAXPROCS differ: base ran at ${c.procs.base}, head at ${c.procs.head}; benchmarks were matched by name without that suffix.`] : []),
    ...(c.incomparable.length > 0 ? [`not comparable, no unit in common: ${c.incomparable.join('; ')}`] : []),
    ...(c.added.length > 0 ? [`new in head: ${c.added.join(', ')}`] : []),
    ...(c.removed.length > 0 ? [`gone from head: ${c.removed.join(', ')}`] : []),
  ];
}

/** The comparison as aligned plain text, for the terminal. */
export function comparisonLines(c: Comparison): string[] {
  const rows = comparisonRows(c);
  const widths = comparisonHeader.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return [`${c.mode}: ${c.base} -> ${c.head}`, line(comparisonHeader), ...rows.map(line), '', ...comparisonNotes(c)];
}

/** The comparison as GitHub-flavoured Markdown, for a pull request comment or $GITHUB_STEP_SUMMARY. */
export function comparisonMarkdown(c: Comparison): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const row = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  const regressed = c.benchmarks.filter((b) => b.regressed).length;
  const title = regressed > 0 ? `${regressed} benchmark${regressed === 1 ? '' : 's'} slower by more than ${formatChange(c.threshold).slice(1)}` : 'No regression';
  return [
    `### Benchmarks (${c.mode}): ${title}`,
    '',
    row(packageHeader),
    row(packageHeader.map((_, i) => (i < 2 ? '---' : '---:'))),
    ...comparisonRows(c, true).map(row),
    '',
    ...comparisonNotes(c).flatMap((l) => [l, '']),
  ].join('\n');
}

/**
 * The error of a failed gate: each regressed benchmark with its change and
 * interval, and each benchmark the gate cannot decide on, with its rounds
 * and how to give it more; then the remedy.
 */
export function regressionError(c: Comparison, remedy: string): BenchError | undefined {
  const regressed = c.benchmarks.filter((b) => b.regressed);
  const undecidable = c.benchmarks.filter((b) => b.verdict === 'undecidable');
  if (regressed.length === 0 && undecidable.length === 0) return undefined;
  const n = (count: number) => `${count} benchmark${count === 1 ? '' : 's'}`;
  const title =
    regressed.length > 0
      ? `${n(regressed.length)} ${regressed.length === 1 ? 'is' : 'are'} slower than ${c.base} by more than ${formatChange(c.threshold).slice(1)}${c.mode === 'walltime' ? ', significantly' : ''}.`
      : `The gate cannot decide on ${n(undecidable.length)}: too few rounds for the test against ${c.base} to reach p < ${alpha}.`;
  const rounds = (count: number) => `${count} round${count === 1 ? '' : 's'}`;
  return new BenchError(title, [
    ...regressed.map(
      (b) => `${b.name} (${b.pkg}): ${formatChange(b.change)}${b.interval ? `, 95% CI [${formatChange(b.interval[0])}, ${formatChange(b.interval[1])}]` : ''}${b.p !== undefined ? `, p=${b.p.toFixed(3)}` : ''}`,
    ),
    ...(regressed.length > 0 && undecidable.length > 0 ? [`The gate cannot decide on ${n(undecidable.length)} more: too few rounds.`] : []),
    ...undecidable.map((b) => `${b.name} (${b.pkg}): ${formatChange(b.change)}, from ${rounds(b.base.n)} in base and ${rounds(b.head.n)} in head`),
    ...(undecidable.length > 0
      ? [
          'The U test needs at least 4 rounds a side (or 3 and 5, 2 and 8, 1 and 40) to reach p < 0.05.',
          'Give such benchmarks more rounds: a duration benchtime rather than Nx, a larger maxTime where their rounds were cut, and a larger -count for go test text.',
        ]
      : []),
    remedy,
  ]);
}
