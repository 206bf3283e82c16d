import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { processRuns } from '../lock/process-runs';

/**
 * Removes the record folders (`raw/<pid>-XXXXXX`) that runs left behind
 * when they were killed or timed out before turning their records into
 * results, and returns one line per folder removed, naming the run. A
 * folder whose run still goes on (its pid runs, and ran when the folder was
 * made) is never touched. The records are not recovered: they hold the
 * benchmarks of a run that did not finish, measured beside whatever killed
 * it, and would reappear in a later run's results as if measured then.
 */
export function removeLeftoverRecords(profileFolder: string): string[] {
  const removed = removeDeadTempFiles(profileFolder);
  const rawRoot = join(profileFolder, 'raw');
  let names: string[];
  try {
    names = readdirSync(rawRoot);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = /^(\d+)-/.exec(name);
    if (!match) continue;
    const dir = join(rawRoot, name);
    let made: number;
    let records: number;
    try {
      made = statSync(dir).birthtimeMs || statSync(dir).mtimeMs;
      records = readdirSync(dir).filter((f) => f.endsWith('.json')).length;
    } catch {
      continue;
    }
    if (processRuns(Number(match[1]), made)) continue;
    rmSync(dir, { recursive: true, force: true });
    const when = new Date(made).toISOString().replace('T', ' ').slice(0, 19);
    removed.push(
      `nx-go-bench: removed raw/${name}, left by run ${match[1]} (started ${when} UTC) that ended before writing its results; it held ${records} benchmark record${records === 1 ? '' : 's'}`,
    );
  }
  return removed;
}

/**
 * Removes the temporary files (`results/.<pid>.json.tmp`, `benchfmt/.<pid>.txt.tmp`)
 * of runs killed while writing their results, which are never renamed into place.
 */
function removeDeadTempFiles(profileFolder: string): string[] {
  const removed: string[] = [];
  for (const folder of ['results', 'benchfmt']) {
    let names: string[];
    try {
      names = readdirSync(join(profileFolder, folder));
    } catch {
      continue;
    }
    for (const name of names) {
      const match = /^\.(\d+)\.(?:json|txt)\.tmp$/.exec(name);
      const file = join(profileFolder, folder, name);
      if (!match || processRuns(Number(match[1]), mtimeOf(file))) continue;
      rmSync(file, { force: true });
      removed.push(`nx-go-bench: removed ${folder}/${name}, a results file that run ${match[1]} was writing when it ended`);
    }
  }
  return removed;
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}
