import { formatValue } from '../results/go-text';
import { formatNs } from '../report/summary';
import { BenchError } from '../utils/bench-error';
import type { BenchmarkComparison, Comparison } from './compare';

/** The columns of every form of the comparison table. */
export const comparisonHeader = ['benchmark', 'base', 'head', 'change', '95% CI', 'p', 'verdict'];

/** A signed percentage with one decimal: +10.0%, -2.3%. */
export function formatChange(change: number): string {
  if (!Number.isFinite(change)) return change > 0 ? '+inf' : '-inf';
  const percent = (100 * change).toFixed(1);
  return `${change >= 0 && !percent.startsWith('-') ? '+' : ''}${percent}%`;
}

function formatFigure(value: number, unit: string): string {
  return unit === 'ns/op' ? formatNs(value) : `${formatValue(value)} ${unit.replace('/op', '')}`;
}

/** One row per benchmark compared; "~" where benchstat would print it: no significant change. */
export function comparisonRows(c: Comparison): string[][] {
  return c.benchmarks.map((b: BenchmarkComparison) => [
    b.name,
    formatFigure(b.base.median, c.unit),
    formatFigure(b.head.median, c.unit),
    formatChange(b.change),
    b.interval ? `[${formatChange(b.interval[0])}, ${formatChange(b.interval[1])}]` : '-',
    b.p !== undefined ? `p=${b.p.toFixed(3)} n=${b.base.n}+${b.head.n}` : '-',
    (b.verdict === 'unchanged' ? '~' : b.verdict) + (b.regressed ? ' !' : ''),
  ]);
}

/** What sits under the table: the geometric mean, the threshold, and benchmarks on one side only. */
export function comparisonNotes(c: Comparison): string[] {
  const test = c.mode === 'walltime' ? 'significant at p < 0.05 (Mann-Whitney U test)' : 'counts are deterministic: no test';
  return [
    `geomean: ${formatChange(c.geomean)}; unit ${c.unit}; ${test}; "!" marks slower by more than the threshold, ${formatChange(c.threshold).slice(1)}.`,
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
    row(comparisonHeader),
    row(comparisonHeader.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...comparisonRows(c).map(row),
    '',
    ...comparisonNotes(c).flatMap((l) => [l, '']),
  ].join('\n');
}

/** The error of a failed gate: each regressed benchmark with its change and interval, then the remedy. */
export function regressionError(c: Comparison, remedy: string): BenchError | undefined {
  const regressed = c.benchmarks.filter((b) => b.regressed);
  if (regressed.length === 0) return undefined;
  return new BenchError(
    `${regressed.length} benchmark${regressed.length === 1 ? ' is' : 's are'} slower than ${c.base} by more than ${formatChange(c.threshold).slice(1)}${c.mode === 'walltime' ? ', significantly' : ''}.`,
    [
      ...regressed.map(
        (b) => `${b.name} (${b.pkg}): ${formatChange(b.change)}${b.interval ? `, 95% CI [${formatChange(b.interval[0])}, ${formatChange(b.interval[1])}]` : ''}${b.p !== undefined ? `, p=${b.p.toFixed(3)}` : ''}`,
      ),
      remedy,
    ],
  );
}
