import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cappedOutput, shownInFull } from './capped-output';

describe('cappedOutput', () => {
  it('shows the first MB, then only key lines and where the log is, and logs everything', async () => {
    const shown: string[] = [];
    const logDir = mkdtempSync(join(tmpdir(), 'logs-'));
    const sink = cappedOutput({ stdout: (t) => void shown.push(t), stderr: (t) => void shown.push(t) }, logDir, 'svc');
    const noise = Array.from({ length: 20_000 }, (_, i) => `${String(i).padStart(8, '0')} ${'x'.repeat(90)}\n`).join('');
    const all = ['goos: linux\n', noise, 'BenchmarkX-2   \t  100\t  12.5 ns/op\n', '--- FAIL: BenchmarkY\n', '    y_test.go:9: bad\n', noise, 'ok  \texample.com/svc\t1.2s\n'];
    for (const text of all) await sink.stdout(text);
    const file = sink.logFile()!;
    expect(readFileSync(file, 'utf8')).toBe(all.join(''));
    const terminal = shown.join('');
    expect(terminal.length).toBeLessThan(shownInFull + 10_000);
    const after = terminal.slice(terminal.indexOf('nx-go-bench: go test has printed over 1 MB'));
    expect(after.split('\n')).toEqual([
      `nx-go-bench: go test has printed over 1 MB; all of its output is in ${file}, and only its result and failure lines are shown here.`,
      'BenchmarkX-2   \t  100\t  12.5 ns/op',
      '--- FAIL: BenchmarkY',
      '    y_test.go:9: bad',
      'ok  \texample.com/svc\t1.2s',
      '',
    ]);
  });

  it('writes no log while the output stays under the cap', async () => {
    const sink = cappedOutput({ stdout: () => undefined, stderr: () => undefined }, join(tmpdir(), 'never-made'), 'svc');
    await sink.stdout('BenchmarkX-2 1 1 ns/op\n');
    expect(sink.logFile()).toBeUndefined();
  });
});
