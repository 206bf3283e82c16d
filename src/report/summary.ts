import type { WalltimeBenchmark } from '../results/walltime';

/** Formats nanoseconds the way go test prints them: three significant digits, unit scaled. */
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

/** A plain-text table of the run: one line per benchmark, median and spread. */
export function summaryLines(benchmarks: WalltimeBenchmark[]): string[] {
  const rows = benchmarks.map((b) => [
    b.name,
    formatNs(b.stats.median_ns),
    b.stats.mean_ns > 0 ? `±${((100 * b.stats.stdev_ns) / b.stats.mean_ns).toFixed(1)}%` : '±0.0%',
    String(b.stats.rounds),
  ]);
  const header = ['benchmark', 'median', 'stdev', 'rounds'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}
