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
  const rawRoot = join(profileFolder, 'raw');
  let names: string[];
  try {
    names = readdirSync(rawRoot);
  } catch {
    return [];
  }
  const removed: string[] = [];
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
