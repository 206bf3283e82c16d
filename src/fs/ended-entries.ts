import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { processRuns } from '../lock/process-runs';

/** A file or folder that a process which has since ended made. */
export interface EndedEntry {
  name: string;
  path: string;
  pid: number;
  /** When it was made (its birth time where the file system keeps one, else its last change), in ms. */
  made: number;
}

/**
 * The entries of folder whose name matches pattern, its first group being
 * the pid of the process that made them, and whose process has ended: the
 * pid runs no more, or now names a process started after the entry was
 * made. What a process still running made is never among them.
 */
export function endedEntries(folder: string, pattern: RegExp): EndedEntry[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const match = pattern.exec(name);
    if (!match) return [];
    const path = join(folder, name);
    let made: number;
    try {
      const stat = statSync(path);
      made = stat.birthtimeMs || stat.mtimeMs;
    } catch {
      return [];
    }
    const pid = Number(match[1]);
    return processRuns(pid, made) ? [] : [{ name, path, pid, made }];
  });
}
