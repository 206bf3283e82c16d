import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchmarkSummary } from '../results/aggregate';

/** The counts of one callgrind dump, by event: Ir, Dr, Dw, I1mr, D1mr, D1mw, ILmr, DLmr, DLmw with --cache-sim=yes. */
export type CallgrindCounts = Record<string, number>;

/**
 * The valgrind command line a test binary runs under in simulation mode:
 * callgrind with instrumentation off until the binary starts it around a
 * counted call, collection off in every thread until the timer starts in
 * the benchmark's (see overlay/testing/nxgobench_simulate.go), each dump in the
 * record folder, and the cache simulation on with CodSpeed's runner's
 * cache geometry (32 KiB 8-way first-level caches, an 8 MiB 16-way last
 * level, 64-byte lines) rather than this machine's, so that estimated
 * cycles do not depend on where they were counted. -q keeps valgrind's
 * banner out of go test's output.
 */
export function callgrindArgs(recordFolder: string): string[] {
  return [
    '-q',
    '--tool=callgrind',
    '--instr-atstart=no',
    '--collect-atstart=no',
    '--cache-sim=yes',
    '--I1=32768,8,64',
    '--D1=32768,8,64',
    '--LL=8388608,16,64',
    `--callgrind-out-file=${join(recordFolder, 'callgrind.%p.out')}`,
    `--log-file=${valgrindLogFile(recordFolder, '%p')}`,
  ];
}

/**
 * Where valgrind writes its own messages for the process pid (valgrind's
 * `%p`), rather than into go test's output: with -q it still warns, three
 * lines per binary, that it sized the cache simulation from the machine's
 * L3 before the options above replaced it. The exec wrapper passes on the
 * rest (see valgrindMessages).
 */
export function valgrindLogFile(recordFolder: string, pid: string | number): string {
  return join(recordFolder, `valgrind.${pid}.log`);
}

/** valgrind's messages less its cache-detection warnings, which the options make moot. */
export function valgrindMessages(log: string): string[] {
  return log
    .split('\n')
    .filter((line) => line.trim() !== '' && !/warning: (L[23] cache found|specified LL cache|simulated LL cache)/.test(line));
}

/**
 * Reads the dumps that test binaries asked for (CALLGRIND_DUMP_STATS_AT),
 * by the name they gave; the dump each binary writes at its end is left
 * out. A name dumped twice (go test -count) keeps every dump's counts.
 */
export function readDumps(recordFolder: string): Map<string, CallgrindCounts[]> {
  const dumps = new Map<string, CallgrindCounts[]>();
  for (const file of readdirSync(recordFolder).filter((f) => /^callgrind\.\d+\.out\.\d+$/.test(f))) {
    const parsed = parseDump(readFileSync(join(recordFolder, file), 'utf8'));
    if (parsed) dumps.set(parsed.name, [...(dumps.get(parsed.name) ?? []), parsed.counts]);
  }
  return dumps;
}

/** The name and total counts of a dump, or undefined if a client request did not trigger it. */
export function parseDump(text: string): { name: string; counts: CallgrindCounts } | undefined {
  const name = /^desc: Trigger: Client Request: (.*)$/m.exec(text)?.[1];
  const events = /^events: (.*)$/m.exec(text)?.[1]?.trim().split(/\s+/);
  // "totals:" holds every event; "summary:" may hold the first only, or 0.
  const totals = (/^totals: (.*)$/m.exec(text) ?? /^summary: (.*)$/m.exec(text))?.[1]?.trim().split(/\s+/);
  if (name === undefined || !events || !totals) return undefined;
  return { name, counts: Object.fromEntries(events.map((event, i) => [event, Number(totals[i] ?? 0)])) };
}

/** Per-iteration counts of a benchmark, from its two counted calls. */
export interface SimulationStats {
  instructions: number;
  /** Estimated cycles: see estimatedCycles. */
  est_cycles: number;
  l1_misses: number;
  ll_misses: number;
}

/**
 * Cycles estimated from callgrind's cache simulation, as KCachegrind's
 * "Cycle Estimation" does: an instruction takes 1 cycle, a miss of the
 * first-level caches (instruction or data) 10 more, and a miss of the last
 * level 100 more.
 */
export function estimatedCycles(c: CallgrindCounts): number {
  return (c.Ir ?? 0) + 10 * l1Misses(c) + 100 * llMisses(c);
}

const l1Misses = (c: CallgrindCounts) => (c.I1mr ?? 0) + (c.D1mr ?? 0) + (c.D1mw ?? 0);
const llMisses = (c: CallgrindCounts) => (c.ILmr ?? 0) + (c.DLmr ?? 0) + (c.DLmw ?? 0);

/**
 * The counts of one iteration: the longer call less the shorter, over the n
 * iterations between them, so that what a call costs whatever its
 * iterations cancels out. Never below zero.
 */
export function perIteration(once: CallgrindCounts, twice: CallgrindCounts, n: number): SimulationStats {
  const per = (f: (c: CallgrindCounts) => number) => Math.max(0, (f(twice) - f(once)) / n);
  return {
    instructions: per((c) => c.Ir ?? 0),
    est_cycles: per(estimatedCycles),
    l1_misses: per(l1Misses),
    ll_misses: per(llMisses),
  };
}

/**
 * Gives each benchmark its counts per iteration from the dumps of its
 * counted calls, named `<uri>#n=<iterations>` for two iteration counts (see
 * overlay/testing/nxgobench_simulate.go, which picks them), and returns the
 * names of those that have no two (a binary killed before its dumps, say).
 * Of the calls of one count, the one with the fewest instructions is kept:
 * what disturbs a call (a preemption by the runtime) only adds to it.
 */
export function attachCounts(benchmarks: BenchmarkSummary[], dumps: Map<string, CallgrindCounts[]>): string[] {
  const missing: string[] = [];
  for (const benchmark of benchmarks) {
    const prefix = `${benchmark.uri}#n=`;
    const calls = [...dumps]
      .filter(([name]) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
      .map(([name, counts]) => ({ n: Number(name.slice(prefix.length)), counts: fewest(counts) }))
      .sort((a, b) => a.n - b.n);
    if (calls.length !== 2) {
      missing.push(benchmark.goName);
      continue;
    }
    const [once, twice] = calls;
    benchmark.simulation = { iterations: [once.n, twice.n], stats: perIteration(once.counts, twice.counts, twice.n - once.n) };
  }
  return missing;
}

function fewest(counts: CallgrindCounts[]): CallgrindCounts {
  return counts.reduce((a, b) => ((b.Ir ?? 0) < (a.Ir ?? 0) ? b : a));
}
