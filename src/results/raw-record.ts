import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One benchmark as the patched testing package measured it. */
export interface RawRecord {
  /** Full Go name without the -N suffix, e.g. "BenchmarkSort/large". */
  name: string;
  /** Source file of the top-level Benchmark function, as the binary knows it. */
  file: string;
  /** Directory the test binary ran in: the package directory. */
  dir: string;
  pkg: string;
  goos: string;
  goarch: string;
  /** The CPU name, as go test prints it on its cpu: line. */
  cpu: string;
  procs: number;
  /** Whether -cpu had several values, which gives URIs a -N suffix. */
  cpuSuffix: boolean;
  pid: number;
  /** Bytes per iteration set with b.SetBytes. */
  bytes: number;
  /** Whether go test reports allocations for it (-benchmem or b.ReportAllocs). */
  mem: boolean;
  warmupIters: number;
  /** The wall-time budget of the benchmark in ns, 0 for none, and whether it ended the benchmark. */
  maxTimeNs: number;
  cut: boolean;
  policy: { count: number; totalNs: number; targetNs: number; rounds: number };
  rounds: RawRound[];
  /** In memory mode, the peak heap in bytes (see memory/counts). */
  peakHeap?: number;
}

export interface RawRound {
  iters: number;
  ns: number;
  allocs: number;
  bytes: number;
  /** Metrics the benchmark reported with b.ReportMetric in this round; null where Go had NaN or ±Inf. */
  extra: Record<string, number | null>;
}

/** Thrown for a record that cannot be understood; names the file. */
export class CorruptRecordError extends Error {}

/** Parses one record file; the source names it in errors. */
export function parseRecord(text: string, source: string): RawRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CorruptRecordError(`${source}: not JSON (${(error as Error).message})`);
  }
  const fail = (what: string) => new CorruptRecordError(`${source}: ${what}`);
  if (!isObject(raw) || raw.version !== 2) throw fail('not a version 2 record');
  const str = (key: string) => {
    if (typeof raw[key] !== 'string') throw fail(`"${key}" is not a string`);
    return raw[key] as string;
  };
  const count = (value: unknown, key: string) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw fail(`"${key}" is not a count`);
    return value;
  };
  const name = str('name');
  if (name === '') throw fail('empty benchmark name');
  const policy = raw.policy;
  if (!isObject(policy)) throw fail('"policy" is missing');
  if (!Array.isArray(raw.rounds) || raw.rounds.length === 0) throw fail('no rounds');
  const rounds = raw.rounds.map((r: unknown, i: number) => {
    if (!Array.isArray(r) || r.length !== 5) throw fail(`round ${i} is not [iterations, ns, allocs, bytes, metrics]`);
    const [iters, ns, allocs, bytes] = r.slice(0, 4).map((v, j) => count(v, `rounds[${i}][${j}]`));
    if (iters === 0) throw fail(`round ${i} ran no iterations`);
    const extra = r[4];
    if (!isObject(extra) || !Object.values(extra).every((v) => v === null || typeof v === 'number')) {
      throw fail(`the metrics of round ${i} are not an object of numbers`);
    }
    return { iters, ns, allocs, bytes, extra: extra as Record<string, number | null> };
  });
  if (typeof raw.mem !== 'boolean') throw fail('"mem" is not a boolean');
  if (typeof raw.cut !== 'boolean') throw fail('"cut" is not a boolean');
  if (typeof raw.cpu_suffix !== 'boolean') throw fail('"cpu_suffix" is not a boolean');
  return {
    name,
    file: str('file'),
    dir: str('dir'),
    pkg: str('pkg'),
    goos: str('goos'),
    goarch: str('goarch'),
    cpu: str('cpu'),
    procs: count(raw.procs, 'procs'),
    cpuSuffix: raw.cpu_suffix,
    pid: count(raw.pid, 'pid'),
    bytes: count(raw.bytes, 'bytes'),
    mem: raw.mem,
    warmupIters: count(raw.warmup_iters, 'warmup_iters'),
    maxTimeNs: count(raw.max_time_ns, 'max_time_ns'),
    cut: raw.cut,
    policy: {
      count: count(policy.count, 'policy.count'),
      totalNs: count(policy.total_ns, 'policy.total_ns'),
      targetNs: count(policy.target_ns, 'policy.target_ns'),
      rounds: count(policy.rounds, 'policy.rounds'),
    },
    rounds,
    ...(raw.peak_heap !== undefined ? { peakHeap: count(raw.peak_heap, 'peak_heap') } : {}),
  };
}

/**
 * Reads every record in dir, in the order they were written. It runs once
 * the test binaries have exited; a record
 * that cannot be parsed (its binary was killed while writing it) is
 * returned as a problem, not dropped silently. `unfinished` names the
 * benchmarks that a binary started last and wrote no record for: the one
 * running when the binary exited, if it did not end on its own.
 */
export function readRecords(dir: string): { records: RawRecord[]; problems: string[]; unfinished: string[]; killed: KilledBinary[] } {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { records: [], problems: [], unfinished: [], killed: [] };
  }
  const recordNames = names.filter((f) => /^\d+-\d+\.json$/.test(f));
  recordNames.sort((a, b) => {
    const [pa, sa] = a.split(/[-.]/).map(Number);
    const [pb, sb] = b.split(/[-.]/).map(Number);
    return pa - pb || sa - sb;
  });
  const records: RawRecord[] = [];
  const problems: string[] = [];
  for (const name of recordNames) {
    const path = join(dir, name);
    try {
      records.push(parseRecord(readFileSync(path, 'utf8'), path));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const unfinished: string[] = [];
  const killed: KilledBinary[] = [];
  for (const name of names.filter((f) => /^\d+\.running$/.test(f))) {
    const path = join(dir, name);
    const pid = Number(name.split('.')[0]);
    const started = readFileSync(path, 'utf8');
    if (started === '' || records.some((r) => r.pid === pid && r.name === started)) continue;
    unfinished.push(started);
    if (names.includes(`${pid}.killed`)) {
      const [signal, oom] = readFileSync(join(dir, `${pid}.killed`), 'utf8').split(' ');
      killed.push({ benchmark: started, signal, outOfMemory: oom === 'oom' });
    }
  }
  return { records, problems, unfinished, killed };
}

/** A test binary that a signal ended (see the exec wrapper), and the benchmark it was running. */
export interface KilledBinary {
  benchmark: string;
  signal: string;
  /** Whether the kernel's out-of-memory killer sent the signal. */
  outOfMemory: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
