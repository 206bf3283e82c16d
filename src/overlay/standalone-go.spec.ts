import execa from 'execa';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');
const goModule = join(repo, 'testdata', 'runner');
const sources = join(repo, 'overlay', 'testing');

/**
 * Runs the Go tests of one folder of testdata/runner with the overlay
 * files matching pattern mapped into it: those files depend on nothing else
 * of package testing, so go test builds them alone.
 */
async function goTest(folder: string, pattern: RegExp, expected: string[]) {
  const files = readdirSync(sources).filter((f) => pattern.test(f));
  expect(files.sort()).toEqual(expected);
  const overlay = join(mkdtempSync(join(tmpdir(), 'standalone-go-')), 'overlay.json');
  writeFileSync(overlay, JSON.stringify({ Replace: Object.fromEntries(files.map((f) => [join(goModule, folder, f), join(sources, f)])) }));
  const run = await execa('go', ['test', '-count=1', `-overlay=${overlay}`, '-v', `./${folder}`], {
    cwd: goModule,
    env: { GOTOOLCHAIN: 'local', GOFLAGS: '' },
    reject: false,
    all: true,
  });
  expect(run.all).not.toMatch(/--- (FAIL|SKIP)/);
  expect(run.exitCode).toBe(0);
  return run.all!;
}

describe('overlay files tested on their own in Go', () => {
  jest.setTimeout(5 * 60 * 1000);

  it('the runner protocol: byte-exact frames, a round trip through a decoder written from the spec, the pipes as the runner holds them', async () => {
    const out = await goTest('hooks', /^nxgobench_(proto|runner.*)\.go$/, [
      'nxgobench_proto.go',
      'nxgobench_runner.go',
      'nxgobench_runner_linux.go',
      'nxgobench_runner_other.go',
    ]);
    expect(out).toMatch(/--- PASS: TestFramesByteExact/);
    expect(out).toMatch(/--- PASS: TestRoundTrip/);
    expect(out).toMatch(/--- PASS: TestHandshake\/silent/);
  });

  it('the valgrind client requests: answered under callgrind, counted the same twice, and nothing outside', async () => {
    const out = await goTest('valgrind', /^nxgobench_valgrind.*\.(go|s)$/, [
      'nxgobench_valgrind.go',
      'nxgobench_valgrind_amd64.s',
      'nxgobench_valgrind_arm64.s',
      'nxgobench_valgrind_asm.go',
      'nxgobench_valgrind_other.go',
      'nxgobench_valgrind_tid_linux.go',
      'nxgobench_valgrind_tid_linux_amd64.s',
      'nxgobench_valgrind_tid_linux_arm64.s',
      'nxgobench_valgrind_tid_other.go',
    ]);
    expect(out).toMatch(/--- PASS: TestNotUnderValgrind/);
    expect(out).toMatch(/--- PASS: TestUnderCallgrind/);
    expect(out).toMatch(/--- PASS: TestGettid/);
  });
});
