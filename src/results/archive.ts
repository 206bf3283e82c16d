import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { endedEntries } from '../fs/ended-entries';
import { processRuns } from '../lock/process-runs';
import { pluginName } from '../utils/package';
import { resultsFiles } from './merge';
import { environmentFileFor, textFileFor } from './walltime';

/** How many earlier runs a profile folder's history/ keeps unless option "historyLimit" says otherwise. */
export const defaultHistoryLimit = 20;

/** A run in history/ is a profile folder of its own, named by when its results were written and their file name. */
const historyEntry = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z-.+$/;

export interface ArchiveOutcome {
  /** The history entries made, one per earlier run. */
  moved: string[];
  /** How many of the oldest entries went, past the limit. */
  pruned: number;
}

/**
 * Moves the earlier runs of this plugin out of `results/` into `history/`,
 * so that `results/`, which CodSpeed's uploader reads whole, holds only the
 * runs still going and the one about to be written, while `compare` and
 * `history` can still read the earlier ones. A results file is an earlier
 * run when nx-go-bench wrote it, the process that wrote it has ended, and
 * it is not in `keep` (the files that live runs registered). Files of
 * other tools are never touched. Each run moves with its text and
 * environment files into `history/<written>-<name>/`, laid out as a
 * profile folder, and history/ then keeps the newest `limit` runs.
 */
export function archiveEarlierRuns(profileFolder: string, keep: Set<string>, limit: number): ArchiveOutcome {
  const history = join(profileFolder, 'history');
  finishInterruptedMoves(profileFolder, history);
  const moved = resultsFiles(profileFolder)
    .filter((file) => !keep.has(file) && isEarlierRun(file))
    .map((file) => moveToHistory(profileFolder, history, file));
  return { moved, pruned: prune(history, limit) };
}

function isEarlierRun(file: string): boolean {
  try {
    const creator = (JSON.parse(readFileSync(file, 'utf8')) as { creator?: { name?: unknown; pid?: unknown } }).creator;
    return creator?.name === pluginName && !processRuns(Number(creator.pid), statSync(file).mtimeMs);
  } catch {
    return false;
  }
}

/**
 * Moves one run, results file first, through a staging folder named by
 * this process, so that an interrupted move is finished by the next run
 * (see finishInterruptedMoves) and history/ never holds half a run.
 */
function moveToHistory(profileFolder: string, history: string, file: string): string {
  const name = `${new Date(statSync(file).mtimeMs).toISOString().replace(/:/g, '-')}-${basename(file, '.json')}`;
  const staging = join(history, `.${process.pid}-${name}.tmp`);
  mkdirSync(join(staging, 'results'), { recursive: true });
  renameSync(file, join(staging, 'results', basename(file)));
  return completeMove(profileFolder, history, staging, name);
}

/** Moves the text and environment files of the run staged in staging beside its results, and names the entry. */
function completeMove(profileFolder: string, history: string, staging: string, name: string): string {
  for (const json of readdirSync(join(staging, 'results'))) {
    const original = join(profileFolder, 'results', json);
    const staged = join(staging, 'results', json);
    for (const [from, to] of [
      [textFileFor(original), textFileFor(staged)],
      [environmentFileFor(original), environmentFileFor(staged)],
    ]) {
      if (!existsSync(from)) continue;
      mkdirSync(join(to, '..'), { recursive: true });
      renameSync(from, to);
    }
  }
  let entry = join(history, name);
  for (let n = 2; existsSync(entry); n++) entry = join(history, `${name}-${n}`);
  renameSync(staging, entry);
  return entry;
}

/** Finishes the moves of runs that were killed while they archived. */
function finishInterruptedMoves(profileFolder: string, history: string): void {
  for (const { name, path } of endedEntries(history, /^\.(\d+)-.+\.tmp$/)) {
    const entry = name.replace(/^\.\d+-/, '').replace(/\.tmp$/, '');
    try {
      if (readdirSync(join(path, 'results')).length > 0) {
        completeMove(profileFolder, history, path, entry);
        continue;
      }
    } catch {
      // Killed before its results file moved: nothing of the run is in it.
    }
    rmSync(path, { recursive: true, force: true });
  }
}

function prune(history: string, limit: number): number {
  let entries: string[];
  try {
    entries = readdirSync(history).filter((name) => historyEntry.test(name)).sort();
  } catch {
    return 0;
  }
  const old = entries.slice(0, Math.max(0, entries.length - limit));
  for (const name of old) rmSync(join(history, name), { recursive: true, force: true });
  return old.length;
}

/** The runs in a profile folder's history/, oldest first: each a profile folder. */
export function historyEntries(profileFolder: string): string[] {
  const history = join(profileFolder, 'history');
  try {
    return readdirSync(history)
      .filter((name) => historyEntry.test(name))
      .sort()
      .map((name) => join(history, name));
  } catch {
    return [];
  }
}
