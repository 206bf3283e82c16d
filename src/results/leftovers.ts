import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { endedEntries } from '../fs/ended-entries';

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
  for (const { name, path, pid, made } of endedEntries(join(profileFolder, 'raw'), /^(\d+)-/)) {
    let records = 0;
    try {
      records = readdirSync(path).filter((f) => f.endsWith('.json')).length;
    } catch {
      continue;
    }
    rmSync(path, { recursive: true, force: true });
    const when = new Date(made).toISOString().replace('T', ' ').slice(0, 19);
    removed.push(
      `nx-go-bench: removed raw/${name}, left by run ${pid} (started ${when} UTC) that ended before writing its results; it held ${records} benchmark record${records === 1 ? '' : 's'}`,
    );
  }
  return removed;
}

/**
 * Removes the temporary files (`results/.<pid>.json.tmp`, `benchfmt/.<pid>.txt.tmp`,
 * `.environment-<pid>.json.tmp`) of runs killed while writing their results,
 * which are never renamed into place.
 */
function removeDeadTempFiles(profileFolder: string): string[] {
  const kinds: [string, RegExp][] = [
    ['results', /^\.(\d+)\.json\.tmp$/],
    ['benchfmt', /^\.(\d+)\.txt\.tmp$/],
    ['', /^\.environment-(\d+)\.json\.tmp$/],
  ];
  return kinds.flatMap(([folder, pattern]) =>
    endedEntries(join(profileFolder, folder), pattern).map(({ name, path, pid }) => {
      rmSync(path, { force: true });
      return `nx-go-bench: removed ${folder ? `${folder}/` : ''}${name}, a results file that run ${pid} was writing when it ended`;
    }),
  );
}
