import { BenchError } from '../utils/bench-error';
import { quantile } from '../results/stats';
import type { InstrumentType } from '../results/walltime';
import { benchKey, type TextBenchmark } from './benchfmt';
import { primaryUnit, type Side } from './side';
import { uTest } from './u-test';

/**
 * The default regression thresholds. Walltime: 5%, as the issue asks and
 * as wide as the run-to-run movement of a shared CI machine. Simulation
 * and memory counts do not need a significance test: 1%, above the widest
 * run-to-run spread measured in simulation (Parallel, 0.97% over five runs
 * of the fixture; allocation-free code moves by 0), so that a 1% change
 * is one in the code. Memory counts are exact: the same 1% keeps a
 * benchmark's amortized allocations from flagging a change of a byte.
 */
export const defaultThreshold: Record<InstrumentType, number> = { walltime: 0.05, simulation: 0.01, memory: 0.01 };

/** benchstat's significance level. */
export const alpha = 0.05;

/** `undecidable`: too few rounds a side for the U test to reach significance, whatever the change. */
export type Verdict = 'faster' | 'slower' | 'unchanged' | 'undecidable';

export interface BenchmarkComparison {
  pkg: string;
  name: string;
  /** The name as tables show it: with its package where another package has a benchmark of the same name. */
  label: string;
  /** The unit compared: the mode's, or another both sides have where one lacks it (see unitOf). */
  unit: string;
  /** Each side's median, its number of samples (rounds), and the samples. */
  base: { median: number; n: number; rounds: number[] };
  head: { median: number; n: number; rounds: number[] };
  /** head / base - 1. */
  change: number;
  /** The 95% confidence interval of the change (walltime, with two samples a side or more). */
  interval?: [number, number];
  /** The U test's p-value (walltime). */
  p?: number;
  verdict: Verdict;
  /** Slower by more than the threshold, significantly where a test applies. */
  regressed: boolean;
}

export interface Comparison {
  mode: InstrumentType;
  /** The mode's unit. */
  unit: string;
  base: string;
  head: string;
  threshold: number;
  benchmarks: BenchmarkComparison[];
  /** The geometric mean of the cost ratios (head / base, inverted for higher-is-better units) over the benchmarks with nonzero figures, less 1. */
  geomean: number;
  /** Benchmarks only the head has, and only the base had, as `pkg name`. */
  added: string[];
  removed: string[];
  /** Benchmarks on both sides without a unit in common, each with the units of each side. */
  incomparable: string[];
  /** When the sides ran at different GOMAXPROCS, each at one: their -N suffixes, by which benchmarks were not matched. */
  procs?: { base: string; head: string };
}

/**
 * Compares two runs benchmark by benchmark. Benchmarks are matched by
 * package and go test's name; where each side ran at one GOMAXPROCS and
 * the two differ, by name without the -N suffix (see matchAcrossProcs).
 * Each is compared on its mode's unit, or on another unit both sides have
 * where one lacks it. Walltime figures are medians of the rounds, tested
 * as benchstat tests them (the Mann-Whitney U test at 0.05): a change
 * without significance is "unchanged", whatever its size, and where the
 * rounds are too few for the test to ever reach significance the verdict
 * is "undecidable". Simulation and memory counts are deterministic, and
 * compared with the threshold alone.
 */
export function compareSides(base: Side, head: Side, threshold = defaultThreshold[head.mode]): Comparison {
  if (base.mode !== head.mode) {
    throw new BenchError(`Cannot compare ${base.mode} results (${base.label}) with ${head.mode} results (${head.label}): their numbers do not compare.`, [
      'Compare runs made in the same mode.',
    ]);
  }
  const primary = primaryUnit[head.mode];
  const { pairs, procs } = matchBenchmarks(base, head);
  const labels = labelsOf([...pairs.keys()].map((key) => head.benchmarks.get(key)!));
  const benchmarks: BenchmarkComparison[] = [];
  const incomparable: string[] = [];
  for (const [key, baseKey] of pairs) {
    const h = head.benchmarks.get(key)!;
    const b = base.benchmarks.get(baseKey)!;
    const unit = unitOf(b, h, primary);
    if (!unit) {
      incomparable.push(`${labels.get(key)}: ${unitsOf(b) || 'no unit'} in base, ${unitsOf(h) || 'no unit'} in head`);
      continue;
    }
    benchmarks.push(compareOne(h, labels.get(key)!, unit, b.samples.get(unit)!, h.samples.get(unit)!, head.mode, threshold, key));
  }
  if (benchmarks.length === 0 && incomparable.length === 0) {
    throw new BenchError(`Cannot compare ${base.label} with ${head.label}: they have no benchmark in common.`, [
      `${base.label}: ${[...base.benchmarks.values()].slice(0, 5).map((b) => b.name).join(', ') || 'none'}`,
      `${head.label}: ${[...head.benchmarks.values()].slice(0, 5).map((b) => b.name).join(', ') || 'none'}`,
      'Benchmarks are matched by package and name, as go test prints them (with their -N suffix, unless each side ran at one GOMAXPROCS).',
    ]);
  }
  const ratios = benchmarks.filter((c) => c.base.median > 0 && c.head.median > 0).map((c) => cost(c.unit, c.head.median / c.base.median));
  const geomean = ratios.length > 0 ? Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length) - 1 : 0;
  const matchedBase = new Set(pairs.values());
  return {
    mode: head.mode,
    unit: primary,
    base: base.label,
    head: head.label,
    threshold,
    benchmarks,
    geomean,
    added: [...head.benchmarks.keys()].filter((key) => !pairs.has(key)),
    removed: [...base.benchmarks.keys()].filter((key) => !matchedBase.has(key)),
    incomparable,
    ...(procs ? { procs } : {}),
  };
}

/** The -N suffix go test gives a benchmark name at GOMAXPROCS N > 1. */
const procsSuffix = /-(\d+)$/;

/**
 * The GOMAXPROCS suffix that every benchmark of a side ends with, if they
 * all end with the same one: the side ran at that one GOMAXPROCS. A side
 * run at GOMAXPROCS 1 has no suffix, and one run with a -cpu list several.
 */
function onlySuffix(side: Side): string | undefined {
  const suffixes = new Set([...side.benchmarks.values()].map((b) => procsSuffix.exec(b.name)?.[0]));
  const [only] = suffixes;
  return suffixes.size === 1 ? only : undefined;
}

/**
 * Head benchmark keys paired with base keys: by package and name, or,
 * where the two sides ran at different single GOMAXPROCS values, by
 * package and name less each side's suffix (a side at GOMAXPROCS 1 has
 * none), so that a baseline recorded on an 8-core machine still gates a
 * run on 2 cores.
 */
export function matchBenchmarks(base: Side, head: Side): { pairs: Map<string, string>; procs?: { base: string; head: string } } {
  const pairs = new Map<string, string>();
  for (const key of head.benchmarks.keys()) if (base.benchmarks.has(key)) pairs.set(key, key);
  if (pairs.size === head.benchmarks.size) return { pairs };
  const [b, h] = [onlySuffix(base), onlySuffix(head)];
  if (b === h || (b === undefined && h === undefined)) return { pairs };
  const strip = (name: string, suffix: string | undefined) => (suffix ? name.slice(0, -suffix.length) : name);
  const baseByStem = new Map([...base.benchmarks].map(([key, x]) => [benchKey(x.pkg, strip(x.name, b)), key]));
  let matched = false;
  for (const [key, x] of head.benchmarks) {
    const found = baseByStem.get(benchKey(x.pkg, strip(x.name, h)));
    if (pairs.has(key) || found === undefined) continue;
    pairs.set(key, found);
    matched = true;
  }
  return matched ? { pairs, procs: { base: b ?? '(none: GOMAXPROCS 1)', head: h ?? '(none: GOMAXPROCS 1)' } } : { pairs };
}

/** Names as tables show them: a name that two packages share gets its package. */
function labelsOf(benchmarks: TextBenchmark[]): Map<string, string> {
  const packages = new Map<string, Set<string>>();
  for (const b of benchmarks) packages.set(b.name, (packages.get(b.name) ?? new Set()).add(b.pkg));
  return new Map(benchmarks.map((b) => [benchKey(b.pkg, b.name), packages.get(b.name)!.size > 1 ? `${b.name} (${b.pkg})` : b.name]));
}

/**
 * The unit a benchmark is compared on: the mode's if both sides have it,
 * else the first unit of the head's that the base has too. A benchmark
 * that reports no time (b.ReportMetric(0, "ns/op")), only B/op, only MB/s
 * or only its own unit is compared on what it has.
 */
function unitOf(base: TextBenchmark, head: TextBenchmark, primary: string): string | undefined {
  if (base.samples.get(primary)?.length && head.samples.get(primary)?.length) return primary;
  return [...head.samples.keys()].find((unit) => base.samples.get(unit)?.length && head.samples.get(unit)?.length);
}

function unitsOf(b: TextBenchmark): string {
  return [...b.samples.keys()].join(', ');
}

/** Whether more of a unit is better: rates (MB/s, ops/s), as benchstat reads them; any other unit is a cost. */
export function higherIsBetter(unit: string): boolean {
  return unit.endsWith('/s');
}

/** A ratio of head to base as a cost: above 1 is worse, whichever way the unit goes. */
function cost(unit: string, ratio: number): number {
  return higherIsBetter(unit) ? 1 / ratio : ratio;
}

/**
 * The smallest p-value the U test can give n and m samples: that of two
 * samples apart, every value of one below every value of the other.
 */
export function smallestP(n: number, m: number): number {
  const key = `${n} ${m}`;
  let p = smallest.get(key);
  if (p === undefined) {
    p = uTest(
      Array.from({ length: n }, (_, i) => i),
      Array.from({ length: m }, (_, i) => n + i),
    ).p;
    smallest.set(key, p);
  }
  return p;
}

const smallest = new Map<string, number>();

function compareOne(
  h: TextBenchmark,
  label: string,
  unit: string,
  before: number[],
  after: number[],
  mode: InstrumentType,
  threshold: number,
  seed: string,
): BenchmarkComparison {
  const base = { median: median(before), n: before.length, rounds: before };
  const head = { median: median(after), n: after.length, rounds: after };
  const change = changeOf(base.median, head.median);
  // For a rate, the change in cost is base / head - 1: half the MB/s costs twice as much.
  const worse = higherIsBetter(unit) ? changeOf(head.median, base.median) : change;
  const common = { pkg: h.pkg, name: h.name, label, unit, base, head, change };
  if (mode !== 'walltime') {
    const verdict: Verdict = worse > threshold ? 'slower' : worse < -threshold ? 'faster' : 'unchanged';
    return { ...common, verdict, regressed: verdict === 'slower' };
  }
  const { p } = uTest(before, after);
  const interval = before.length > 1 && after.length > 1 ? changeInterval(before, after, seed) : undefined;
  if (smallestP(before.length, after.length) >= alpha) {
    return { ...common, interval, p, verdict: 'undecidable', regressed: false };
  }
  const verdict: Verdict = p < alpha ? (worse > 0 ? 'slower' : 'faster') : 'unchanged';
  return { ...common, interval, p, verdict, regressed: verdict === 'slower' && worse > threshold };
}

function changeOf(base: number, head: number): number {
  if (base === 0) return head === 0 ? 0 : Infinity;
  return head / base - 1;
}

export function median(values: number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

/**
 * The 95% percentile bootstrap interval of the change of the median:
 * 2000 resamplings of each side's rounds, from a generator seeded by the
 * benchmark, so that the same runs print the same interval. A resample's
 * median is read from how often it drew each of the sorted rounds, with
 * no copy and no sort, which keeps 10,000 benchmarks to seconds.
 */
export function changeInterval(before: number[], after: number[], seed: string): [number, number] {
  const random = seeded(seed);
  const resample = resampler(before, random);
  const resampleAfter = resampler(after, random);
  const changes = new Float64Array(2000);
  for (let i = 0; i < changes.length; i++) {
    const base = resample();
    changes[i] = changeOf(base, resampleAfter());
  }
  changes.sort();
  return [changes[Math.floor(0.025 * changes.length)], changes[Math.ceil(0.975 * changes.length) - 1]];
}

/** Draws resamples of values, with replacement, and returns each one's median (R's type 8, as quantile). */
function resampler(values: number[], random: () => number): () => number {
  const n = values.length;
  // Rounds are drawn by their place in values, and counted at their place in sorted.
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const sorted = order.map((i) => values[i]);
  const rank = new Int32Array(n);
  order.forEach((i, place) => (rank[i] = place));
  const drawn = new Int32Array(n);
  // The median of n values lies between these two, 1-based, at h - lo of the way (see quantile).
  const h = (n + 1 / 3) * 0.5 + 1 / 3;
  const lo = Math.min(Math.max(Math.floor(h), 1), n);
  const hi = Math.min(lo + 1, n);
  const weight = h <= 1 || h >= n ? 0 : h - lo;
  return () => {
    drawn.fill(0);
    for (let i = 0; i < n; i++) drawn[rank[Math.floor(random() * n)]]++;
    let seen = 0;
    let low = 0;
    for (let j = 0; j < n; j++) {
      const before = seen;
      seen += drawn[j];
      if (before < lo && seen >= lo) low = sorted[j];
      if (seen >= hi) return low + weight * (sorted[j] - low);
    }
    return low;
  };
}

/** mulberry32, seeded from a string's FNV-1a hash. */
function seeded(text: string): () => number {
  let seed = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 0x01000193);
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
