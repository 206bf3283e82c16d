import { mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheLayout, isolatedEnv } from '../../go/env';
import { listPackages } from '../../go/packages';
import { runGo } from '../../go/run';
import { goTestArgs } from '../../go/test-args';
import { resolveToolchain } from '../../go/toolchain';
import { materializeOverlay } from '../../overlay/materialize';
import { preflight } from '../../overlay/preflight';
import { readRecords } from '../../results/raw-record';
import { findUriRoot } from '../../results/uri';
import { walltimeBenchmarks, walltimeResults, writeResults, type WalltimeBenchmark } from '../../results/walltime';
import { BenchError } from '../../utils/bench-error';
import { explainTestFailure } from './failure';
import type { BenchRequest } from './normalize';

export interface BenchOutcome {
  /** The Go release that built and ran the benchmarks, e.g. "go1.26.8". */
  goVersion: string;
  /** Every benchmark that completed, also when others failed. */
  benchmarks: WalltimeBenchmark[];
  /** The results file, when at least one benchmark completed. */
  resultsFile?: string;
  /** Why the run failed, if it did. */
  error?: BenchError;
}

/**
 * Runs one request: resolve Go, generate the overlay, check the flags and
 * packages, run go test with the records folder, and write the results.
 * Problems found before go test runs throw; a failing go test still writes
 * the results of the benchmarks that completed and reports its error.
 */
export async function runBench(request: BenchRequest): Promise<BenchOutcome> {
  const userEnv = { ...process.env, ...request.env };
  const go = await resolveToolchain(request.projectRoot, userEnv);
  const cache = cacheLayout(request.cacheDir);
  const overlay = materializeOverlay(go, cache);
  const env = isolatedEnv(userEnv, go, cache);
  await preflight(go, overlay, env, request);
  await listPackages(go, env, request.projectRoot, request);

  const rawRoot = join(request.profileFolder, 'raw');
  mkdirSync(rawRoot, { recursive: true });
  const rawDir = mkdtempSync(join(rawRoot, `${process.pid}-`));
  const run = await runGo(go, goTestArgs({ ...request, overlayJson: overlay.overlayJson }), {
    cwd: request.projectRoot,
    env: { ...env, NX_GO_BENCH_RECORDS: rawDir },
    stream: true,
  });

  const { records, consumed, problems } = readRecords(rawDir);
  const benchmarks = walltimeBenchmarks(records, findUriRoot(request.projectRoot, request.workspaceRoot));
  const resultsFile = benchmarks.length > 0 ? writeResults(request.profileFolder, walltimeResults(benchmarks)) : undefined;
  for (const file of consumed) rmSync(file, { force: true });
  removeIfEmpty(rawDir);
  removeIfEmpty(rawRoot);

  let error: BenchError | undefined;
  if (run.exitCode !== 0) {
    error = explainTestFailure(request, run, benchmarks.length);
  } else if (problems.length > 0) {
    error = new BenchError(`Some benchmark records of ${request.projectName} could not be read; they were kept.`, problems);
  } else if (benchmarks.length === 0) {
    error = new BenchError(`No benchmark of ${request.projectName} matched -bench=${request.bench}.`, [
      `Packages: ${request.packages.join(' ')} in ${request.projectRoot}`,
      'Check the "bench" and "packages" options, or add a func BenchmarkXxx(b *testing.B) to a _test.go file.',
    ]);
  }
  return { goVersion: go.version, benchmarks, resultsFile, error };
}

function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // Another run is using it, or it is gone already.
  }
}
