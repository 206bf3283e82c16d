import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hookNotes } from './hook-notes';

describe('hookNotes', () => {
  it('says nothing when the binaries left no note', () => {
    expect(hookNotes(mkdtempSync(join(tmpdir(), 'notes-')))).toEqual([]);
  });

  it('says once why the runner was left, then each benchmark it was not told of', () => {
    const dir = mkdtempSync(join(tmpdir(), 'notes-'));
    writeFileSync(join(dir, 'runner-off'), 'the runner did not answer SetVersion within 2s\n');
    writeFileSync(join(dir, 'runner-notes'), 'BenchmarkA is not profiled: x\nBenchmarkB is not profiled: y\n');
    expect(hookNotes(dir)).toEqual([
      'nx-go-bench: CodSpeed runner: the runner did not answer SetVersion within 2s. The benchmarks were measured as usual, but not profiled from then on.',
      'nx-go-bench: CodSpeed runner: BenchmarkA is not profiled: x',
      'nx-go-bench: CodSpeed runner: BenchmarkB is not profiled: y',
    ]);
  });
});
