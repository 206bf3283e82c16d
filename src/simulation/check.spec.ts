import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchRejectionOf } from '../spec-support/bench-error';
import { checkSimulation, runsUnderValgrind } from './check';

describe('checkSimulation', () => {
  it.each(['-race', '--cover', '-coverprofile=c.out', '-msan', '-asan', '-covermode=atomic'])('refuses %s, naming it', async (flag) => {
    expect((await benchRejectionOf(checkSimulation(['-v', flag], 'option "mode"', process.env))).title).toBe(
      `Simulation mode (from option "mode") cannot count with ${flag} in "args".`,
    );
  });

  it('names the package to install when valgrind is not on PATH', async () => {
    const title = (await benchRejectionOf(checkSimulation([], 'CODSPEED_RUNNER_MODE', { ...process.env, PATH: '/nonexistent' }))).title;
    expect(title).toBe('Simulation mode (from CODSPEED_RUNNER_MODE) needs valgrind, and there is no "valgrind" command on PATH.');
  });

  it('refuses a valgrind older than the one it was checked with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'old-valgrind-'));
    writeFileSync(join(dir, 'valgrind'), '#!/bin/sh\necho valgrind-3.15.0\n', { mode: 0o755 });
    const title = (await benchRejectionOf(checkSimulation([], 'option "mode"', { ...process.env, PATH: `${dir}:${process.env.PATH}` }))).title;
    expect(title).toBe('Simulation mode (from option "mode") needs valgrind 3.19 or newer, and this is valgrind-3.15.0.');
  });

  it('accepts the installed valgrind', async () => {
    expect(await checkSimulation(['-v', '-tags=x'], 'option "mode"', process.env)).toEqual({ kind: 'standalone', valgrind: 'valgrind' });
  });

  it('starts no valgrind of its own under one, even where none is on PATH', async () => {
    const env = { ...process.env, PATH: '/nonexistent', LD_PRELOAD: '/usr/libexec/valgrind/vgpreload_core-amd64-linux.so' };
    expect(await checkSimulation([], 'CODSPEED_RUNNER_MODE', env)).toEqual({ kind: 'runner' });
    expect((await benchRejectionOf(checkSimulation(['-race'], 'CODSPEED_RUNNER_MODE', env))).title).toBe(
      'Simulation mode (from CODSPEED_RUNNER_MODE) cannot count with -race in "args".',
    );
  });
});

describe('runsUnderValgrind', () => {
  it.each([
    ['/usr/libexec/valgrind/vgpreload_core-amd64-linux.so', true],
    ['/usr/lib/x86_64-linux-gnu/libfoo.so:/opt/valgrind/libexec/valgrind/vgpreload_core-arm64-linux.so', true],
    ['/usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so', false],
    ['/tmp/not-vgpreload_core.txt', false],
    ['', false],
    [undefined, false],
  ])('LD_PRELOAD=%s: %s', (preload, expected) => {
    expect(runsUnderValgrind({ LD_PRELOAD: preload })).toBe(expected);
  });
});
