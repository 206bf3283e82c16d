import execa from 'execa';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The protocol files of the overlay depend on nothing else of package
 * testing, so go test builds them alone, mapped into testdata/runner/hooks,
 * against the tests there: byte-exact frames, a round trip through the
 * runner-side decoder (testdata/runner/proto), and the connection against
 * pipes held as the runner holds them.
 */
describe('the runner protocol in Go', () => {
  jest.setTimeout(5 * 60 * 1000);

  it('passes its Go tests', async () => {
    const repo = join(__dirname, '..', '..');
    const module = join(repo, 'testdata', 'runner');
    const sources = join(repo, 'overlay', 'testing');
    const files = readdirSync(sources).filter((f) => /^nxgobench_(proto|runner.*)\.go$/.test(f));
    expect(files.sort()).toEqual(['nxgobench_proto.go', 'nxgobench_runner.go', 'nxgobench_runner_linux.go', 'nxgobench_runner_other.go']);
    const overlay = join(mkdtempSync(join(tmpdir(), 'runner-proto-')), 'overlay.json');
    writeFileSync(overlay, JSON.stringify({ Replace: Object.fromEntries(files.map((f) => [join(module, 'hooks', f), join(sources, f)])) }));
    const run = await execa('go', ['test', '-count=1', `-overlay=${overlay}`, '-v', './...'], {
      cwd: module,
      env: { GOTOOLCHAIN: 'local', GOFLAGS: '' },
      reject: false,
      all: true,
    });
    expect(run.all).toMatch(/--- PASS: TestFramesByteExact/);
    expect(run.all).toMatch(/--- PASS: TestRoundTrip/);
    expect(run.all).toMatch(/--- PASS: TestHandshake\/silent/);
    expect(run.all).not.toMatch(/--- FAIL/);
    expect(run.exitCode).toBe(0);
  });
});
