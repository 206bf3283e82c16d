import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchmarkSummary } from '../results/aggregate';

/** The counts of one callgrind dump, by event: Ir, Dr, Dw, I1mr, D1mr, D1mw, ILmr, DLmr, DLmw with --cache-sim=yes. */
export type CallgrindCounts = Record<string, number>;

/**
 * The valgrind command line a test binary runs under in simulation mode:
 * callgrind with instrumentation off until the binary starts it around a
 * counted call, collection on in every thread while it is (the thread that
 * runs the benchmark turns it off while the timer is stopped; see
 * overlay/testing/nxgobench_simulate.go), one file per thread and dump in
 * the record folder, so that the runtime's monitor thread can be left out
 * (see readDumps), and the cache simulation on with CodSpeed's runner's
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
    '--collect-atstart=yes',
    '--separate-threads=yes',
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
 * out. A dump is one file per thread (`callgrind.<pid>.out.<dump>-<thread>`):
 * its counts are those of every thread but the runtime's monitor,
 * runtime.sysmon, which runs on its own thread whenever it wakes and has
 * nothing of the benchmark's. A name dumped twice (go test -count) keeps
 * every dump's counts.
 */
export function readDumps(recordFolder: string): Map<string, CallgrindCounts[]> {
  const parts = new Map<string, { name: string; counts: CallgrindCounts[] }>();
  for (const file of readdirSync(recordFolder)) {
    const match = /^callgrind\.(\d+)\.out\.(\d+)(?:-(\d+))?$/.exec(file);
    if (!match) continue;
    const text = readFileSync(join(recordFolder, file), 'utf8');
    const parsed = parseDump(text);
    if (!parsed || isMonitorThread(text, match[3])) continue;
    const key = `${match[1]}.${match[2]}`;
    const dump = parts.get(key) ?? { name: parsed.name, counts: [] };
    dump.counts.push(parsed.counts);
    parts.set(key, dump);
  }
  const dumps = new Map<string, CallgrindCounts[]>();
  for (const { name, counts } of parts.values()) dumps.set(name, [...(dumps.get(name) ?? []), sumCounts(counts)]);
  return dumps;
}

/**
 * Whether a thread's part of a dump is the runtime's monitor thread: it
 * names runtime.sysmon, which the binaries are linked with symbols to
 * tell; a thread file of a binary without symbols is judged by its number,
 * valgrind numbering threads as they start and the runtime starting the
 * monitor first.
 */
function isMonitorThread(text: string, thread: string | undefined): boolean {
  if (thread === undefined) return false;
  if (/^c?fn=\(\d+\) runtime\.sysmon$/m.test(text)) return true;
  return Number(thread) === 2 && !/^fn=\(\d+\) (?!0x)\S/m.test(text);
}

function sumCounts(counts: CallgrindCounts[]): CallgrindCounts {
  const sum: CallgrindCounts = {};
  for (const c of counts) for (const [event, value] of Object.entries(c)) sum[event] = (sum[event] ?? 0) + value;
  return sum;
}

/** The name and total counts of a dump, or undefined if a client request did not trigger it. */
export function parseDump(text: string): { name: string; counts: CallgrindCounts } | undefined {
  // Named by a client request (CodSpeed's runner) or a monitor command (the plugin's callgrind).
  const name = /^desc: Trigger: (?:Client Request: |dump )(.*)$/m.exec(text)?.[1];
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
 * iterations cancels out. Each count is kept from zero up, a last-level
 * miss is a first-level miss too, and the estimated cycles are made from
 * those counts, so that they never read below the instructions: the
 * misses of two calls differ by what each met cold, and their raw
 * difference can be negative.
 */
export function perIteration(once: CallgrindCounts, twice: CallgrindCounts, n: number): SimulationStats {
  const per = (f: (c: CallgrindCounts) => number) => Math.max(0, (f(twice) - f(once)) / n);
  const instructions = per((c) => c.Ir ?? 0);
  const l1 = per(l1Misses);
  const ll = Math.min(per(llMisses), l1);
  return { instructions, est_cycles: instructions + 10 * l1 + 100 * ll, l1_misses: l1, ll_misses: ll };
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
