import type { RawRound } from '../results/raw-record';

/** Per iteration, a benchmark's allocations as memory mode counts them, and its peak heap. */
export interface MemoryStats {
  /** Heap allocations per iteration. */
  allocs: number;
  /** Bytes allocated on the heap per iteration. */
  bytes: number;
  /** The most heap one call of one iteration held at once, setup included, with the collector off. */
  peak_heap_bytes: number;
}

/**
 * The allocations of one iteration, from the rounds of memory mode's
 * counted calls (see overlay/testing/nxgobench_memory.go): the longest
 * calls' less the shortest calls', over the iterations between them, so
 * that what a call allocates whatever its iterations cancels out. Of the
 * calls of one length the one that allocated least counts: what else
 * allocates during a call (a goroutine the benchmark left running) only
 * adds. Undefined without calls of two lengths.
 */
export function memoryCounts(rounds: RawRound[], peakHeap: number): { iterations: number[]; stats: MemoryStats } | undefined {
  const least = new Map<number, { allocs: number; bytes: number }>();
  for (const { iters, allocs, bytes } of rounds) {
    const seen = least.get(iters);
    least.set(iters, { allocs: Math.min(allocs, seen?.allocs ?? allocs), bytes: Math.min(bytes, seen?.bytes ?? bytes) });
  }
  const lengths = [...least.keys()].sort((a, b) => a - b);
  if (lengths.length < 2) return undefined;
  const [short, long] = [lengths[0], lengths[lengths.length - 1]];
  const per = (key: 'allocs' | 'bytes') => Math.max(0, (least.get(long)![key] - least.get(short)![key]) / (long - short));
  return { iterations: [short, long], stats: { allocs: per('allocs'), bytes: per('bytes'), peak_heap_bytes: peakHeap } };
}
