import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchProject, createWorkspace, type Workspace } from './support/workspace';

jest.setTimeout(10 * 60 * 1000);

interface Results {
  instrument: { type: string };
  benchmarks: { name: string; uri: string; config: { iterations: number[] }; stats: { allocs: number; bytes: number; peak_heap_bytes: number } }[];
}

describe('memory mode', () => {
  let ws: Workspace;
  let output: string;
  let file: string;
  let stats: Record<string, Results['benchmarks'][number]['stats']>;

  const run = async (folder: string) => {
    const result = await ws.nx(['run', 'mem:bench', '--mode=memory', `--profileFolder=out/${folder}`]);
    expect(result.exitCode).toBe(0);
    const [results] = ws.results(join('out', folder));
    return { output: result.all ?? '', file: results, results: ws.readJson<Results>(results) };
  };

  beforeAll(async () => {
    ws = await createWorkspace('memory', [{ dir: 'mem', fixture: 'memory', project: benchProject('mem') }]);
    const first = await run('first');
    output = first.output;
    file = first.file;
    expect(first.results.instrument.type).toBe('memory');
    stats = Object.fromEntries(first.results.benchmarks.map((b) => [b.name, b.stats]));
    for (const b of first.results.benchmarks) expect(b.config.iterations).toEqual([100, 200]);
  });

  it('counts 3 allocations of 64 bytes as exactly 3 allocs/op and 192 B/op, with b.N, B.Loop and StopTimer alike', () => {
    for (const name of ['BenchmarkThree64', 'BenchmarkThree64Loop', 'BenchmarkThree64Setup']) {
      expect([name, stats[name].allocs, stats[name].bytes]).toEqual([name, 3, 192]);
    }
    expect(stats.BenchmarkNone).toMatchObject({ allocs: 0, bytes: 0 });
    expect(stats.BenchmarkTable).toMatchObject({ allocs: 1, bytes: 64 });
  });

  it('measures the peak heap with the setup in it', () => {
    // The 1 MiB table built before ResetTimer, and one iteration's 64 bytes.
    expect(stats.BenchmarkTable.peak_heap_bytes).toBe((1 << 20) + 64);
    expect(stats.BenchmarkThree64.peak_heap_bytes).toBe(192);
    // The ten objects StopTimer excludes from the counts are still on the heap.
    expect(stats.BenchmarkThree64Setup.peak_heap_bytes).toBe(192 + 640);
    expect(stats.BenchmarkNone.peak_heap_bytes).toBe(0);
  });

  it('writes the counts to the text file and the summary', () => {
    const text = readFileSync(file.replace(/results\/(\d+)\.json$/, 'benchfmt/$1.txt'), 'utf8');
    expect(text).toMatch(/^BenchmarkThree64(-\d+)?\t100\t192 B\/op\t3 allocs\/op\t192 peak-heap-B$/m);
    expect(text.match(/allocs\/op/g)).toHaveLength(5);
    expect(output).toMatch(/benchmark\s+allocs\/op\s+B\/op\s+peak heap/);
    expect(output).toMatch(/BenchmarkTable(-\d+)?\s+1\s+64\s+1\.00 MiB/);
  });

  it('counts the same in a second run', async () => {
    const second = await run('second');
    expect(Object.fromEntries(second.results.benchmarks.map((b) => [b.name, b.stats]))).toEqual(stats);
  });
});
