import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorruptRecordError, parseRecord, readRecords } from './raw-record';

const valid = {
  version: 2,
  name: 'BenchmarkSort/large',
  file: '/ws/svc/sort_test.go',
  dir: '/ws/svc',
  pkg: 'example.com/svc',
  goos: 'linux',
  goarch: 'amd64',
  cpu: 'AMD EPYC',
  procs: 2,
  cpu_suffix: false,
  pid: 42,
  bytes: 0,
  mem: true,
  warmup_iters: 30,
  max_time_ns: 3000000000,
  cut: false,
  policy: { count: 0, total_ns: 1e9, target_ns: 1e7, rounds: 100 },
  rounds: [
    [10, 1000, 0, 0, {}],
    [10, 1100, 2, 64, { 'widgets/op': 2.5, 'bad/op': null }],
  ],
};

describe('parseRecord', () => {
  it('reads a record', () => {
    expect(parseRecord(JSON.stringify(valid), 'r.json')).toEqual({
      name: 'BenchmarkSort/large',
      file: '/ws/svc/sort_test.go',
      dir: '/ws/svc',
      pkg: 'example.com/svc',
      goos: 'linux',
      goarch: 'amd64',
      cpu: 'AMD EPYC',
      procs: 2,
      cpuSuffix: false,
      pid: 42,
      bytes: 0,
      mem: true,
      warmupIters: 30,
      maxTimeNs: 3e9,
      cut: false,
      policy: { count: 0, totalNs: 1e9, targetNs: 1e7, rounds: 100 },
      rounds: [
        { iters: 10, ns: 1000, allocs: 0, bytes: 0, extra: {} },
        { iters: 10, ns: 1100, allocs: 2, bytes: 64, extra: { 'widgets/op': 2.5, 'bad/op': null } },
      ],
    });
  });

  it.each<[string, string]>([
    ['truncated JSON', JSON.stringify(valid).slice(0, 40)],
    ['empty file', ''],
    ['another version', JSON.stringify({ ...valid, version: 1 })],
    ['a missing name', JSON.stringify({ ...valid, name: undefined })],
    ['an empty name', JSON.stringify({ ...valid, name: '' })],
    ['no rounds', JSON.stringify({ ...valid, rounds: [] })],
    ['a round of four values', JSON.stringify({ ...valid, rounds: [[1, 2, 3, 4]] })],
    ['a negative time', JSON.stringify({ ...valid, rounds: [[1, -2, 0, 0, {}]] })],
    ['a fractional count', JSON.stringify({ ...valid, rounds: [[1.5, 2, 0, 0, {}]] })],
    ['a round of no iterations', JSON.stringify({ ...valid, rounds: [[0, 2, 0, 0, {}]] })],
    ['a missing policy', JSON.stringify({ ...valid, policy: undefined })],
    ['a string metric', JSON.stringify({ ...valid, rounds: [[1, 2, 0, 0, { x: '1' }]] })],
    ['a missing mem flag', JSON.stringify({ ...valid, mem: undefined })],
    ['an array', '[]'],
  ])('refuses %s, naming the file', (_, text) => {
    expect(() => parseRecord(text, '/raw/7-1.json')).toThrow(CorruptRecordError);
    expect(() => parseRecord(text, '/raw/7-1.json')).toThrow(/^\/raw\/7-1\.json: /);
  });
});

describe('readRecords', () => {
  it('reads finished records in order, skips temporary files and reports corrupt ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'records-'));
    writeFileSync(join(dir, '9-2.json'), JSON.stringify({ ...valid, name: 'BenchmarkB' }));
    writeFileSync(join(dir, '9-10.json'), JSON.stringify({ ...valid, name: 'BenchmarkC' }));
    writeFileSync(join(dir, '9-1.json'), JSON.stringify({ ...valid, name: 'BenchmarkA' }));
    writeFileSync(join(dir, '.9-3.tmp'), '{"version":1,');
    writeFileSync(join(dir, '10-1.json'), '{"version":1,');
    const { records, problems } = readRecords(dir);
    expect(records.map((r) => r.name)).toEqual(['BenchmarkA', 'BenchmarkB', 'BenchmarkC']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('10-1.json');
    expect(readdirSync(dir)).toHaveLength(5);
  });

  it('names the benchmark a binary started last and wrote no record for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'records-'));
    writeFileSync(join(dir, '42-1.json'), JSON.stringify({ ...valid, pid: 42, name: 'BenchmarkA' }));
    writeFileSync(join(dir, '42.running'), 'BenchmarkB/sub');
    writeFileSync(join(dir, '43.running'), 'BenchmarkSort/large');
    writeFileSync(join(dir, '44.running'), 'BenchmarkA');
    writeFileSync(join(dir, '44-1.json'), JSON.stringify({ ...valid, pid: 44, name: 'BenchmarkA' }));
    expect(readRecords(dir).unfinished.sort()).toEqual(['BenchmarkB/sub', 'BenchmarkSort/large']);
  });

  it('treats a missing folder as no records', () => {
    expect(readRecords('/nonexistent/records')).toEqual({ records: [], problems: [], unfinished: [], killed: [] });
  });

  it('names the benchmark a signal ended, and whether the out-of-memory killer sent it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'records-'));
    writeFileSync(join(dir, '50.running'), 'BenchmarkHoard');
    writeFileSync(join(dir, '50.killed'), 'SIGKILL oom');
    writeFileSync(join(dir, '51.running'), 'BenchmarkSlow');
    writeFileSync(join(dir, '51.killed'), 'SIGTERM');
    writeFileSync(join(dir, '52.running'), 'BenchmarkDone');
    writeFileSync(join(dir, '52-1.json'), JSON.stringify({ ...valid, pid: 52, name: 'BenchmarkDone' }));
    writeFileSync(join(dir, '52.killed'), 'SIGKILL');
    expect(readRecords(dir).killed.sort((a, b) => a.benchmark.localeCompare(b.benchmark))).toEqual([
      { benchmark: 'BenchmarkHoard', signal: 'SIGKILL', outOfMemory: true },
      { benchmark: 'BenchmarkSlow', signal: 'SIGTERM', outOfMemory: false },
    ]);
  });
});
