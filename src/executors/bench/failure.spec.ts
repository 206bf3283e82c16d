import { explainTestFailure } from './failure';

const request = { projectName: 'svc' };

describe('explainTestFailure', () => {
  it('names packages that do not build, with the compiler errors', () => {
    const error = explainTestFailure(
      request,
      {
        exitCode: 1,
        stdout: 'FAIL\texample.com/broken [build failed]\nFAIL\n',
        stderr: '# example.com/broken [example.com/broken.test]\n./b.go:3:23: cannot use "x" as int value in return statement\n',
      },
      0,
    );
    expect(error.title).toBe('svc: example.com/broken does not build.');
    expect(error.bodyLines).toContain('./b.go:3:23: cannot use "x" as int value in return statement');
    expect(error.bodyLines).toContain('No benchmark completed, so no results were written.');
  });

  it('names the benchmark that ended its binary with os.Exit', () => {
    const error = explainTestFailure(request, { exitCode: 1, stdout: 'exit status 3\nFAIL\texample.com/loud\t0.088s\nFAIL\n', stderr: '' }, 1, [
      'BenchmarkExit/sub',
    ]);
    expect(error.title).toBe('svc: BenchmarkExit/sub failed.');
    expect(error.bodyLines[0]).toBe('BenchmarkExit/sub ended its test binary with exit status 3 before it finished (os.Exit or log.Fatal in the benchmark?).');
    expect(error.bodyLines).toContain('1 benchmark completed and its results were written.');
  });

  it('names the benchmark whose binary ran out of memory, and the one a signal ended', () => {
    const run = { exitCode: 1, stdout: 'signal: killed\nFAIL\texample.com/hoard\t3.1s\nFAIL\n', stderr: '' };
    const oom = explainTestFailure(request, run, 1, ['BenchmarkHoard'], undefined, [
      { benchmark: 'BenchmarkHoard', signal: 'SIGKILL', outOfMemory: true },
    ]);
    expect(oom.title).toBe('svc: BenchmarkHoard ran out of memory.');
    expect(oom.bodyLines[0]).toBe("BenchmarkHoard: the kernel's out-of-memory killer ended its test binary (SIGKILL).");
    const killed = explainTestFailure(request, run, 0, ['BenchmarkSlow'], undefined, [
      { benchmark: 'BenchmarkSlow', signal: 'SIGTERM', outOfMemory: false },
    ]);
    expect(killed.title).toBe('svc: the test binary running BenchmarkSlow was killed.');
    expect(killed.bodyLines).toContain('BenchmarkSlow: its test binary was ended by SIGTERM, from outside it.');
  });

  it('names benchmarks that failed and the one that panicked', () => {
    const stdout = [
      'BenchmarkOK-2      \t 8402390\t         1.457 ns/op',
      '--- FAIL: BenchmarkFatal',
      '    f_test.go:6: bad input',
      'BenchmarkOK2-2     \t 8953680\t         1.369 ns/op',
      'BenchmarkPanic-2   \tpanic: boom',
      '',
      'goroutine 5 [running]:',
      'exit status 2',
      'FAIL\texample.com/fail\t0.034s',
      '',
    ].join('\n');
    const error = explainTestFailure(request, { exitCode: 1, stdout, stderr: '' }, 2);
    expect(error.title).toBe('svc: BenchmarkFatal, BenchmarkPanic-2 failed.');
    expect(error.bodyLines).toEqual([
      'BenchmarkFatal failed:',
      '    f_test.go:6: bad input',
      'BenchmarkPanic-2 panicked: boom',
      '2 benchmarks completed and their results were written.',
    ]);
  });

  it('finds the running benchmark when the panic starts its own line', () => {
    const stdout = 'BenchmarkA-2 \t 10\t 1 ns/op\nBenchmarkB-2 \t\n';
    const error = explainTestFailure(request, { exitCode: 2, stdout, stderr: 'panic: test timed out after 10m0s\n' }, 1);
    expect(error.title).toBe('svc: BenchmarkB-2 failed.');
    expect(error.bodyLines[0]).toBe('BenchmarkB-2 panicked: test timed out after 10m0s');
    expect(error.bodyLines[1]).toBe('1 benchmark completed and its results were written.');
  });

  it('falls back to the end of the output', () => {
    const error = explainTestFailure(request, { exitCode: 3, stdout: '', stderr: 'go: something odd\n' }, 0);
    expect(error.title).toBe('svc: go test exited with code 3.');
    expect(error.bodyLines[0]).toBe('go: something odd');
  });
});
