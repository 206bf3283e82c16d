import execa from 'execa';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { e2eRoot } from './paths';

/** Installs the real benchstat (golang.org/x/perf) once into the e2e folder, and returns its path. */
export async function installBenchstat(): Promise<string> {
  const bin = join(e2eRoot, 'bin');
  mkdirSync(bin, { recursive: true });
  const benchstat = join(bin, 'benchstat');
  if (!existsSync(benchstat)) {
    await execa('go', ['install', 'golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da'], {
      env: { GOBIN: bin, GOFLAGS: '-modcacherw' },
    });
  }
  return benchstat;
}
