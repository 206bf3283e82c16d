import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { mergeEnvironmentFiles } from '../codspeed/environment';
import { processRuns } from '../lock/process-runs';
import { mergedText, mergeResults, readResultsFile, resultsFiles } from './merge';
import { removeResults, writeResults } from './walltime';
import { pauseForTests } from '../utils/test-pause';

/**
 * One Nx run (one `nx run-many`, `nx affected` or `nx run`) collects the
 * results files its tasks write in a run folder that the plugin's
 * preTasksExecution hook names in NX_GO_BENCH_RUN_DIR; postTasksExecution
 * merges them into one results file per profile folder. Tasks may run in
 * separate processes or batches, in any order: each registers its own
 * file, so the merge sees all of them.
 */
export const runDirVariable = 'NX_GO_BENCH_RUN_DIR';

interface Registration {
  project: string;
  profileFolder: string;
  resultsFile: string;
}

/**
 * Starts a run: makes its folder, owned by this process, and removes the
 * folders of earlier runs whose process has ended without merging (nx
 * killed before its post-run hook). Their tasks' own results files stay
 * where they are, whole, until a later run's merge replaces them.
 */
export function openRun(runDir: string): void {
  const parent = dirname(runDir);
  let names: string[] = [];
  try {
    names = readdirSync(parent);
  } catch {
    // No run yet.
  }
  for (const name of names) {
    const dir = join(parent, name);
    if (dir === runDir) continue;
    let owner: [number, number] | undefined;
    try {
      const [pid, since] = readFileSync(join(dir, 'owner'), 'utf8').split(' ').map(Number);
      owner = [pid, since];
    } catch {
      // A run folder of an older version, or half made: judged by age below.
    }
    const abandoned = owner ? !processRuns(owner[0], owner[1]) : Date.now() - statSync(dir).mtimeMs > 24 * 3600 * 1000;
    if (abandoned) rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'owner'), `${process.pid} ${Date.now()}`);
}

export function registerResults(runDir: string, registration: Registration): void {
  mkdirSync(runDir, { recursive: true });
  const name = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = join(runDir, `.${name}.tmp`);
  writeFileSync(temp, JSON.stringify(registration));
  renameSync(temp, join(runDir, `${name}.json`));
}

export interface MergeOutcome {
  profileFolder: string;
  resultsFile: string;
  benchmarks: number;
  merged: number;
}

/**
 * Merges the results files registered in runDir, per profile folder, into
 * `results/<pid>.json`, then removes the files it merged and any results
 * file older than the run (startTime), so that the folder holds exactly
 * this run's results. A folder to which the run added nothing is left as
 * it was. The run folder is removed last.
 */
export function mergeRun(runDir: string, startTime: number, pid = process.pid): MergeOutcome[] {
  let names: string[];
  try {
    names = readdirSync(runDir).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
  } catch {
    return [];
  }
  const byFolder = new Map<string, string[]>();
  for (const name of names) {
    let registration: Registration;
    try {
      registration = JSON.parse(readFileSync(join(runDir, name), 'utf8')) as Registration;
    } catch {
      // Written whole and renamed into place, a registration is unreadable only if someone else wrote it.
      continue;
    }
    const folder = resolve(registration.profileFolder);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), resolve(registration.resultsFile)]);
  }
  const outcomes: MergeOutcome[] = [];
  for (const [folder, files] of byFolder) {
    const unique = [...new Set(files)];
    const parts = unique.flatMap((file) => {
      try {
        return [readResultsFile(file)];
      } catch {
        return [];
      }
    });
    const merged = mergeResults(parts, pid);
    if (merged.benchmarks.length === 0) continue;
    pauseForTests('merge');
    const target = writeResults(folder, merged, mergedText(unique));
    mergeEnvironmentFiles(unique, target);
    for (const file of resultsFiles(folder)) {
      if (file !== target && (unique.includes(file) || statSync(file).mtimeMs < startTime)) removeResults(file);
    }
    outcomes.push({ profileFolder: folder, resultsFile: target, benchmarks: merged.benchmarks.length, merged: parts.length });
  }
  rmSync(runDir, { recursive: true, force: true });
  return outcomes;
}
