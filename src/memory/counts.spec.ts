import type { RawRound } from '../results/raw-record';
import { memoryCounts } from './counts';

const round = (iters: number, allocs: number, bytes: number): RawRound => ({ iters, ns: 1000, allocs, bytes, extra: {} });

describe('memoryCounts', () => {
  it('takes the longer calls less the shorter, over the iterations between them', () => {
    // 3 allocations of 64 bytes an iteration, and 2 of 48 bytes whatever the iterations.
    const rounds = [round(100, 302, 19296), round(100, 302, 19296), round(200, 602, 38496), round(200, 602, 38496)];
    expect(memoryCounts(rounds, 4096)).toEqual({ iterations: [100, 200], stats: { allocs: 3, bytes: 192, peak_heap_bytes: 4096 } });
  });

  it('keeps, of the calls of one length, the one that allocated least', () => {
    const rounds = [round(100, 110, 1100), round(100, 100, 1000), round(200, 200, 2000), round(200, 230, 2300)];
    expect(memoryCounts(rounds, 0)?.stats).toEqual({ allocs: 1, bytes: 10, peak_heap_bytes: 0 });
  });

  it('gives fractions where allocations are amortized', () => {
    expect(memoryCounts([round(100, 7, 7168), round(200, 8, 15360)], 0)?.stats).toMatchObject({ allocs: 0.01, bytes: 81.92 });
  });

  it('never goes below zero, and needs calls of two lengths', () => {
    expect(memoryCounts([round(100, 5, 500), round(200, 4, 400)], 0)?.stats).toMatchObject({ allocs: 0, bytes: 0 });
    expect(memoryCounts([round(100, 5, 500), round(100, 5, 500)], 0)).toBeUndefined();
  });
});
