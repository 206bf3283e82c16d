import type { RawRecord } from '../raw-record';

/** A raw record for tests: two rounds of 10 iterations in svc/a_test.go, with any field changed. */
export function rawRecord(name: string, change: Partial<RawRecord> = {}): RawRecord {
  return {
    name,
    file: '/repo/svc/a_test.go',
    dir: '/repo/svc',
    pkg: 'example.com/svc',
    goos: 'linux',
    goarch: 'amd64',
    cpu: 'Test CPU',
    procs: 2,
    cpuSuffix: false,
    pid: 1,
    bytes: 0,
    mem: false,
    warmupIters: 0,
    maxTimeNs: 0,
    cut: false,
    policy: { count: 0, totalNs: 1e9, targetNs: 1e7, rounds: 100 },
    rounds: [
      { iters: 10, ns: 1000, allocs: 20, bytes: 640, extra: {} },
      { iters: 10, ns: 1200, allocs: 20, bytes: 640, extra: {} },
    ],
    ...change,
  };
}
