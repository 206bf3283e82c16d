import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawRecord } from '../results/__fixtures__/record';
import { summarize } from '../results/aggregate';
import { attachCounts, estimatedCycles, parseDump, perIteration, readDumps, valgrindMessages } from './callgrind';

const dump = (name: string, totals: string) =>
  [
    '# callgrind format',
    'version: 1',
    'creator: callgrind-3.19.0',
    'pid: 4242',
    'cmd:  /tmp/x.test -test.bench=.',
    'part: 1',
    '',
    `desc: Trigger: Client Request: ${name}`,
    '',
    'positions: line',
    'events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw',
    'summary: 0',
    '',
    'fl=(1) ???',
    'fn=(1) 0x0000000000401000',
    '0 3',
    '',
    `totals: ${totals}`,
    '',
  ].join('\n');

describe('parseDump', () => {
  it('reads the name a client request gave and the totals by event, not the summary line', () => {
    expect(parseDump(dump('svc/a_test.go::BenchmarkX#n=100', '600 100 50 3 2 1 1 0 0'))).toEqual({
      name: 'svc/a_test.go::BenchmarkX#n=100',
      counts: { Ir: 600, Dr: 100, Dw: 50, I1mr: 3, D1mr: 2, D1mw: 1, ILmr: 1, DLmr: 0, DLmw: 0 },
    });
  });

  it('leaves out the dump a binary writes at its end', () => {
    expect(parseDump(dump('x', '1').replace(/desc: .*/, 'desc: Trigger: Program termination'))).toBeUndefined();
  });
});

describe('counts per iteration', () => {
  it('estimates cycles as instructions, 10 per first-level miss and 100 per last-level miss', () => {
    expect(estimatedCycles({ Ir: 1000, I1mr: 1, D1mr: 2, D1mw: 3, ILmr: 1, DLmr: 1, DLmw: 0 })).toBe(1000 + 60 + 200);
  });

  it('takes the difference of the two calls over the iterations, so that per-call costs cancel', () => {
    const once = { Ir: 600 + 6013 * 100, I1mr: 5, D1mr: 0, D1mw: 0, ILmr: 5, DLmr: 0, DLmw: 0 };
    const twice = { Ir: 600 + 6013 * 200, I1mr: 5, D1mr: 100, D1mw: 0, ILmr: 5, DLmr: 0, DLmw: 0 };
    expect(perIteration(once, twice, 100)).toEqual({ instructions: 6013, est_cycles: 6023, l1_misses: 1, ll_misses: 0 });
  });

  it('never goes below zero', () => {
    expect(perIteration({ Ir: 500 }, { Ir: 400 }, 100).instructions).toBe(0);
  });

  it('never estimates fewer cycles than instructions, nor more last-level misses than first-level ones', () => {
    // The shorter call met more cold misses than the longer: the raw differences are negative.
    const once = { Ir: 100_000, I1mr: 900, D1mr: 300, D1mw: 0, ILmr: 50, DLmr: 40, DLmw: 0 };
    const twice = { Ir: 112_477, I1mr: 310, D1mr: 310, D1mw: 0, ILmr: 60, DLmr: 60, DLmw: 0 };
    const per = perIteration(once, twice, 100);
    expect(per).toEqual({ instructions: 124.77, est_cycles: 124.77, l1_misses: 0, ll_misses: 0 });
    const mixed = perIteration({ Ir: 0, I1mr: 0, ILmr: 0 }, { Ir: 1000, I1mr: 100, ILmr: 300 }, 100);
    expect(mixed).toEqual({ instructions: 10, est_cycles: 10 + 10 + 100, l1_misses: 1, ll_misses: 1 });
    expect(mixed.est_cycles).toBeGreaterThanOrEqual(mixed.instructions);
  });
});

describe('readDumps and attachCounts', () => {
  it('gives each benchmark its counts, and names those without dumps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dumps-'));
    writeFileSync(join(dir, 'callgrind.4242.out.1'), dump('svc/a_test.go::BenchmarkA#n=100', '10600'));
    writeFileSync(join(dir, 'callgrind.4242.out.2'), dump('svc/a_test.go::BenchmarkA#n=200', '24600'));
    writeFileSync(join(dir, 'callgrind.4242.out.3'), dump('svc/a_test.go::BenchmarkA#n=200', '20600')); // the one a preemption spared
    writeFileSync(join(dir, 'callgrind.4242.out'), dump('end', '99').replace(/desc: .*/, 'desc: Trigger: Program termination'));
    const dumps = readDumps(dir);
    expect([...dumps.keys()].sort()).toEqual(['svc/a_test.go::BenchmarkA#n=100', 'svc/a_test.go::BenchmarkA#n=200']);
    const benchmarks = summarize([rawRecord('BenchmarkA', { procs: 1 }), rawRecord('BenchmarkB', { procs: 1 })], '/repo');
    expect(attachCounts(benchmarks, dumps)).toEqual(['BenchmarkB']);
    expect(benchmarks[0].simulation).toEqual({ iterations: [100, 200], stats: { instructions: 100, est_cycles: 100, l1_misses: 0, ll_misses: 0 } });
  });
});

describe('readDumps of the plugin\'s callgrind, one file per thread', () => {
  it('adds up every thread of a dump but the runtime\'s monitor, named by the monitor command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'threads-'));
    const part = (name: string, totals: string, fn = 'main.work') =>
      dump(name, totals).replace(/desc: Trigger: Client Request: /, 'desc: Trigger: dump ').replace(/fn=\(1\) \S+/, `fn=(1) ${fn}`);
    writeFileSync(join(dir, 'callgrind.4242.out.1-01'), part('a_test.go::BenchmarkA#n=100', '680000'));
    writeFileSync(join(dir, 'callgrind.4242.out.1-02'), part('a_test.go::BenchmarkA#n=100', '10260', 'runtime.sysmon'));
    writeFileSync(join(dir, 'callgrind.4242.out.1-03'), part('a_test.go::BenchmarkA#n=100', '36000'));
    writeFileSync(join(dir, 'callgrind.4242.out.2-03'), part('a_test.go::BenchmarkA#n=200', '1316000'));
    writeFileSync(join(dir, 'callgrind.4242.out-01'), part('end', '99').replace(/desc: .*/, 'desc: Trigger: Program termination'));
    const dumps = readDumps(dir);
    expect([...dumps.entries()].map(([name, counts]) => [name, counts.map((c) => c.Ir)])).toEqual(
      expect.arrayContaining([
        ['a_test.go::BenchmarkA#n=100', [716000]],
        ['a_test.go::BenchmarkA#n=200', [1316000]],
      ]),
    );
    expect(dumps.size).toBe(2);
  });

  it('takes thread 2 for the monitor where the binary has no symbols', () => {
    const dir = mkdtempSync(join(tmpdir(), 'threads-'));
    writeFileSync(join(dir, 'callgrind.7.out.1-01'), dump('B#n=1', '500'));
    writeFileSync(join(dir, 'callgrind.7.out.1-02'), dump('B#n=1', '40'));
    expect(readDumps(dir).get('B#n=1')!.map((c) => c.Ir)).toEqual([500]);
  });
});

describe('valgrindMessages', () => {
  it('drops the cache-detection warnings and keeps the rest', () => {
    const log = [
      '--29621-- warning: L3 cache found, using its data for the LL simulation.',
      '--29621-- warning: specified LL cache: line_size 64  assoc 16  total_size 503,316,480',
      '--29621-- warning: simulated LL cache: line_size 64  assoc 30  total_size 503,316,480',
      '==29621== Process terminating with default action of signal 11 (SIGSEGV)',
      '',
    ].join('\n');
    expect(valgrindMessages(log)).toEqual(['==29621== Process terminating with default action of signal 11 (SIGSEGV)']);
  });
});
