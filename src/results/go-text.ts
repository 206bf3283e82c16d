import type { BenchmarkSummary } from './aggregate';
import type { RawRound } from './raw-record';

/**
 * Formats a value the way go test does: whole numbers from 1000 up, four
 * significant digits below, so columns line up and benchstat reads them.
 */
export function formatValue(x: number): string {
  const y = Math.abs(x);
  if (y === 0 || y >= 999.95) return x.toFixed(0);
  const decimals = y >= 99.995 ? 1 : y >= 9.9995 ? 2 : y >= 0.99995 ? 3 : y >= 0.099995 ? 4 : y >= 0.0099995 ? 5 : y >= 0.00099995 ? 6 : 7;
  return x.toFixed(decimals);
}

/** A count per iteration: whole as it is, else with go test's significant digits (0.01 allocs/op where allocations are amortized). */
export function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : formatValue(value);
}

/** A metric as go test prints it: B/op and allocs/op are whole numbers. */
export function formatMetric(value: number, unit: string): string {
  return unit === 'B/op' || unit === 'allocs/op' ? String(Math.trunc(value)) : formatValue(value);
}

/**
 * The metrics of one round, in go test's order: ns/op, MB/s, the units of
 * b.ReportMetric sorted by name, then B/op and allocs/op. A reported
 * metric with a built-in unit replaces the measured one, and ns/op
 * reported as 0 hides ns/op, as in go test.
 */
export function roundMetrics(round: RawRound, bytes: number, mem: boolean): [number, string][] {
  const builtIn: Record<string, number> = { 'ns/op': round.ns / round.iters };
  if (bytes > 0 && round.ns > 0) builtIn['MB/s'] = (bytes * round.iters) / 1e6 / (round.ns / 1e9);
  if (mem) {
    builtIn['B/op'] = Math.floor(round.bytes / round.iters);
    builtIn['allocs/op'] = Math.floor(round.allocs / round.iters);
  }
  const extra = Object.entries(round.extra).filter((e): e is [string, number] => e[1] !== null);
  for (const [unit, value] of extra) if (unit in builtIn) builtIn[unit] = value;
  const out: [number, string][] = [];
  if (builtIn['ns/op'] !== 0 || !extra.some(([unit]) => unit === 'ns/op')) out.push([builtIn['ns/op'], 'ns/op']);
  if ('MB/s' in builtIn) out.push([builtIn['MB/s'], 'MB/s']);
  for (const [unit, value] of extra.filter(([unit]) => !(unit in builtIn)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push([value, unit]);
  }
  if (mem) out.push([builtIn['B/op'], 'B/op'], [builtIn['allocs/op'], 'allocs/op']);
  return out;
}

/**
 * The run in Go's benchmark text format: for each package its
 * configuration lines (goos, goarch, pkg, cpu), then one line per round
 * per benchmark, named exactly as go test names it. Each round is a sample,
 * so benchstat computes real confidence intervals from one run. A counted
 * benchmark (simulation or memory mode) has one line per run of it: its
 * counts do not vary, so there is nothing to sample.
 */
export function goBenchText(summaries: BenchmarkSummary[]): string {
  const lines: string[] = [];
  let config = '';
  for (const summary of summaries) {
    for (const record of summary.records) {
      const header = [`goos: ${record.goos}`, `goarch: ${record.goarch}`, `pkg: ${record.pkg}`, ...(record.cpu ? [`cpu: ${record.cpu}`] : [])];
      if (header.join('\n') !== config) {
        config = header.join('\n');
        lines.push(...header);
      }
      if (summary.simulation || summary.memory) {
        lines.push(countedLine(summary));
        continue;
      }
      for (const round of record.rounds) {
        const metrics = roundMetrics(round, record.bytes, record.mem).map(([value, unit]) => `${formatMetric(value, unit)} ${unit}`);
        lines.push([summary.goName, String(round.iters), ...metrics].join('\t'));
      }
    }
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/**
 * The line of a counted benchmark (simulation or memory mode): the
 * iterations between its counted calls, then its counts per iteration
 * (instructions and estimated cycles; or bytes, allocations and the peak
 * heap).
 */
function countedLine(summary: BenchmarkSummary): string {
  const counted = (summary.simulation ?? summary.memory)!;
  const metrics = summary.simulation
    ? [`${formatValue(summary.simulation.stats.instructions)} instructions/op`, `${formatValue(summary.simulation.stats.est_cycles)} est-cycles/op`]
    : [`${formatCount(summary.memory!.stats.bytes)} B/op`, `${formatCount(summary.memory!.stats.allocs)} allocs/op`, `${summary.memory!.stats.peak_heap_bytes} peak-heap-B`];
  const { iterations } = counted;
  return [summary.goName, String(iterations[iterations.length - 1] - iterations[0]), ...metrics].join('\t');
}
