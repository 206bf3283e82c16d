import type { BenchmarkSummary } from '../results/aggregate';
import { formatCount, formatMetric, formatValue } from '../results/go-text';

/** Formats nanoseconds with a scaled unit and three significant digits. */
export function formatNs(ns: number): string {
  const units: [number, string][] = [
    [1e9, 's'],
    [1e6, 'ms'],
    [1e3, 'µs'],
    [1, 'ns'],
  ];
  const [scale, unit] = units.find(([s]) => Math.abs(ns) >= s) ?? [1, 'ns'];
  return `${(ns / scale).toPrecision(3)} ${unit}`;
}

const walltimeHeader = ['benchmark', 'median', 'spread', 'rounds', 'allocs'];
const simulationHeader = ['benchmark', 'instructions', 'est. cycles', 'L1 misses', 'LL misses'];
const memoryHeader = ['benchmark', 'allocs/op', 'B/op', 'peak heap'];

/** The header of the table: that of simulation or memory mode when the benchmarks were counted. */
function headerOf(summaries: BenchmarkSummary[]): string[] {
  if (summaries.some((s) => s.simulation)) return simulationHeader;
  return summaries.some((s) => s.memory) ? memoryHeader : walltimeHeader;
}

/**
 * One row per benchmark: the median time per iteration; the spread, half
 * the interquartile range relative to the median (robust to the odd slow
 * round); the rounds, marked `cut` where the wall-time budget ended them; and B/op and allocs/op where go test reports them.
 * A counted benchmark (simulation or memory mode) shows its counts per iteration instead.
 */
export function summaryRows(summaries: BenchmarkSummary[]): string[][] {
  return summaries.map((s) => (s.simulation ? simulationRow(s) : s.memory ? memoryRow(s) : walltimeRow(s)));
}

function walltimeRow(s: BenchmarkSummary): string[] {
  return [
    s.goName,
    formatNs(s.stats.median_ns),
    s.stats.median_ns > 0 ? `±${((50 * (s.stats.q3_ns - s.stats.q1_ns)) / s.stats.median_ns).toFixed(1)}%` : '±0.0%',
    s.cut ? `${s.stats.rounds} cut` : String(s.stats.rounds),
    s.allocsPerOp !== undefined ? `${formatMetric(s.bytesPerOp ?? 0, 'B/op')} B/op, ${formatMetric(s.allocsPerOp, 'allocs/op')} allocs/op` : '-',
  ];
}

/** A counted benchmark's row: its counts per iteration. */
function simulationRow(s: BenchmarkSummary): string[] {
  const { stats } = s.simulation!;
  return [s.goName, formatValue(stats.instructions), formatValue(stats.est_cycles), formatValue(stats.l1_misses), formatValue(stats.ll_misses)];
}

/** A benchmark's row in memory mode: its allocations per iteration and its peak heap. */
function memoryRow(s: BenchmarkSummary): string[] {
  const { stats } = s.memory!;
  return [s.goName, formatCount(stats.allocs), formatCount(stats.bytes), formatBytes(stats.peak_heap_bytes)];
}

/** Bytes with a binary unit and three significant digits: 192 B, 1.50 KiB, 64.0 MiB. */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [2 ** 30, 'GiB'],
    [2 ** 20, 'MiB'],
    [2 ** 10, 'KiB'],
  ];
  const found = units.find(([scale]) => bytes >= scale);
  return found ? `${(bytes / found[0]).toPrecision(3)} ${found[1]}` : `${bytes} B`;
}

/** A line on the benchmarks that the wall-time budget cut short, if any. */
export function cutNote(summaries: BenchmarkSummary[]): string[] {
  const cut = summaries.filter((s) => s.cut);
  if (cut.length === 0) return [];
  const budget = formatNs(cut[0].config.max_time_ns ?? 0);
  return [
    `cut: ${cut.map((s) => s.goName).join(', ')} had shorter or fewer rounds than planned, to fit the wall-time budget (maxTime, ${budget} here), untimed setup included.`,
  ];
}

/** The table as aligned plain text, for the terminal. */
export function summaryLines(summaries: BenchmarkSummary[]): string[] {
  const rows = summaryRows(summaries);
  const header = headerOf(summaries);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line), ...cutNote(summaries)];
}

/** The table as GitHub-flavoured Markdown, for $GITHUB_STEP_SUMMARY. */
export function summaryMarkdown(title: string, summaries: BenchmarkSummary[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const row = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  const header = headerOf(summaries);
  return [`### ${title}`, '', row(header), row(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...summaryRows(summaries).map(row), '', ...cutNote(summaries).flatMap((l) => [l, '']), ''].join('\n');
}
