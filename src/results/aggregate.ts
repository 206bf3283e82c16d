import { memoryCounts, type MemoryStats } from '../memory/counts';
import type { SimulationStats } from '../simulation/callgrind';
import type { RawRecord, RawRound } from './raw-record';
import { quantile, walltimeStats, type WalltimeStats } from './stats';
import { benchmarkChain, benchmarkFile, benchmarkUri } from './uri';

/** One benchmark of a run: what the results file, the text file and the summary table say of it. */
export interface BenchmarkSummary {
  /** The `::` chain, e.g. "BenchmarkSort::large", with "-N" when it ran at several GOMAXPROCS. */
  name: string;
  uri: string;
  /** The name as go test prints it, with its -N suffix unless GOMAXPROCS was 1. */
  goName: string;
  pkg: string;
  config: { warmup_time_ns: number | null; min_round_time_ns: number | null; max_time_ns: number | null; max_rounds: number | null };
  stats: WalltimeStats;
  /** Allocations per iteration over all rounds, when go test reports them (-benchmem, b.ReportAllocs). */
  allocsPerOp?: number;
  bytesPerOp?: number;
  /** Throughput when the benchmark called b.SetBytes. */
  mbPerSec?: number;
  /** Median per unit of the metrics reported with b.ReportMetric. */
  metrics: Record<string, number>;
  /** Whether the wall-time budget ended a run of it before its rounds were done. */
  cut: boolean;
  /** In simulation mode, its counts per iteration and the iterations of its two counted calls. */
  simulation?: { iterations: number[]; stats: SimulationStats };
  /** In memory mode, its allocations per iteration, its peak heap, and the iterations of its counted calls. */
  memory?: { iterations: number[]; stats: MemoryStats };
  records: RawRecord[];
}

/** go test's benchmark name: the GOMAXPROCS suffix is left out when it is 1. */
export function goBenchmarkName(name: string, procs: number): string {
  return procs === 1 ? name : `${name}-${procs}`;
}

/**
 * Groups raw records into benchmarks. Records of one name and GOMAXPROCS
 * (go test -count) pool their rounds. A benchmark that ran at several
 * GOMAXPROCS values (go test -cpu with several values, as the test binary
 * tells) becomes one entry per value, its name and URI ending in "-N" like
 * go test's names; otherwise names and URIs carry no suffix. The test
 * binary gives the CodSpeed runner the same URIs.
 */
export function summarize(records: RawRecord[], uriRoot: string): BenchmarkSummary[] {
  const groups = new Map<string, RawRecord[]>();
  const procsByUri = new Map<string, Set<number>>();
  for (const record of records) {
    const uri = benchmarkUri(benchmarkFile(record.file, record.dir, uriRoot), record.name);
    groups.set(`${uri}\0${record.procs}`, [...(groups.get(`${uri}\0${record.procs}`) ?? []), record]);
    procsByUri.set(uri, (procsByUri.get(uri) ?? new Set()).add(record.procs));
  }
  return [...groups].map(([key, group]) => {
    const [uri] = key.split('\0');
    const first = group[0];
    const suffix = first.cpuSuffix || procsByUri.get(uri)!.size > 1 ? `-${first.procs}` : '';
    const rounds = group.flatMap((r) => r.rounds);
    const iters = rounds.reduce((s, r) => s + r.iters, 0);
    const ns = rounds.reduce((s, r) => s + r.ns, 0);
    const timed = first.policy.count === 0;
    return {
      name: benchmarkChain(first.name) + suffix,
      uri: uri + suffix,
      goName: goBenchmarkName(first.name, first.procs),
      pkg: first.pkg,
      config: {
        warmup_time_ns: null,
        min_round_time_ns: timed ? first.policy.targetNs : null,
        max_time_ns: first.maxTimeNs > 0 ? first.maxTimeNs : timed ? first.policy.totalNs : null,
        max_rounds: first.policy.rounds,
      },
      stats: walltimeStats(rounds, group.reduce((s, r) => s + r.warmupIters, 0)),
      ...(first.mem
        ? {
            allocsPerOp: Math.floor(rounds.reduce((s, r) => s + r.allocs, 0) / iters),
            bytesPerOp: Math.floor(rounds.reduce((s, r) => s + r.bytes, 0) / iters),
          }
        : {}),
      ...(first.bytes > 0 && ns > 0 ? { mbPerSec: (first.bytes * iters) / 1e6 / (ns / 1e9) } : {}),
      metrics: medianMetrics(rounds),
      cut: group.some((r) => r.cut),
      ...memoryOf(group),
      records: group,
    };
  });
}

function medianMetrics(rounds: RawRound[]): Record<string, number> {
  const byUnit = new Map<string, number[]>();
  for (const round of rounds) {
    for (const [unit, value] of Object.entries(round.extra)) {
      if (value !== null) byUnit.set(unit, [...(byUnit.get(unit) ?? []), value]);
    }
  }
  return Object.fromEntries([...byUnit].map(([unit, values]) => [unit, quantile([...values].sort((a, b) => a - b), 0.5)]));
}

/** The memory counts of records written in memory mode, those of -count runs pooled; nothing otherwise. */
function memoryOf(group: RawRecord[]): Pick<BenchmarkSummary, 'memory'> {
  if (group.some((r) => r.peakHeap === undefined)) return {};
  const memory = memoryCounts(
    group.flatMap((r) => r.rounds),
    Math.max(...group.map((r) => r.peakHeap!)),
  );
  return memory ? { memory } : {};
}
