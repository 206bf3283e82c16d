import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { mergeEnvironmentFiles } from '../codspeed/environment';
import { processRuns } from '../lock/process-runs';
import { pauseForTests } from '../utils/test-pause';
import { archiveEarlierRuns, defaultHistoryLimit } from './archive';
import { mergedText, mergeResults, readResultsFile } from './merge';
import { removeResults, writeResults } from './walltime';

/**
 * One Nx run (one `nx run-many`, `nx affected` or `nx run`) collects the
 * results files its tasks write in a run folder that the plugin's
 * preTasksExecution hook names in NX_GO_BENCH_RUN_DIR. Tasks may run in
 * separate processes or batches, in any order: each registers its own
 * file, and marks itself ended whether it succeeded or not. The task that
 * ends last merges them into one results file per profile folder; the
 * postTasksExecution hook merges what is left (tasks that never ran), and
 * prints what was merged where its output reaches the terminal.
 */
export const runDirVariable = 'NX_GO_BENCH_RUN_DIR';

/** The process that opened the run (the preTasksExecution hook) and its parent. */
interface RunOwner {
  pid: number;
  ppid: number;
  since: number;
}

export interface Registration {
  project: string;
  profileFolder: string;
  resultsFile: string;
  /** How many earlier runs the profile folder's history/ keeps (option "historyLimit"). */
  historyLimit: number;
  /** Set under CodSpeed's runner, whose profile folder is the runner's session: nothing in it is moved. */
  underRunner: boolean;
}

interface StoredRegistration extends Registration {
  /** The Nx process that started the task (the task's parent), and when the task registered. */
  client: number;
  at: number;
}

export interface MergeOutcome {
  profileFolder: string;
  resultsFile: string;
  benchmarks: number;
  /** Tasks whose results are in the file. */
  tasks: number;
  /** Earlier runs moved from results/ to history/. */
  archived: number;
}

/**
 * Starts a run: makes its folder, owned by this process, and removes the
 * folders of earlier runs that have ended without merging (nx killed
 * before its tasks ended). Their tasks' own results files stay in
 * results/, whole, until a later run moves them to history/.
 */
export function openRun(runDir: string): void {
  const parent = dirname(runDir);
  for (const name of safeList(parent)) {
    const dir = join(parent, name);
    if (dir !== runDir && !runGoesOn(dir)) rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(runDir, { recursive: true });
  const owner: RunOwner = { pid: process.pid, ppid: process.ppid, since: Date.now() };
  writeFileSync(join(runDir, 'owner'), JSON.stringify(owner));
}

/**
 * Whether the run of dir goes on: its owner runs, and so does the Nx
 * process of one of its tasks, if any registered yet. The owner alone
 * does not tell, for a hook that runs in the Nx daemon outlives the run.
 */
function runGoesOn(dir: string): boolean {
  let owner: RunOwner;
  try {
    owner = JSON.parse(readFileSync(join(dir, 'owner'), 'utf8')) as RunOwner;
  } catch {
    // Half made, or of an older version: judged by age.
    try {
      return Date.now() - statSync(dir).mtimeMs < 24 * 3600 * 1000;
    } catch {
      return false;
    }
  }
  if (!processRuns(owner.pid, owner.since)) return false;
  const clients = registrations(dir).map(({ registration }) => registration);
  return clients.length === 0 || clients.some((r) => processRuns(r.client, r.at));
}

/** The results files that runs still going have registered, under the folder of run folders. */
export function filesOfLiveRuns(runsRoot: string): Set<string> {
  const files = new Set<string>();
  for (const name of safeList(runsRoot)) {
    const dir = join(runsRoot, name);
    if (!runGoesOn(dir)) continue;
    for (const { registration } of registrations(dir)) files.add(resolve(registration.resultsFile));
  }
  return files;
}

export function registerResults(runDir: string, registration: Registration): void {
  // Finer than Date.now(), so that tasks registering in the same millisecond keep their order.
  const stored: StoredRegistration = { ...registration, client: process.ppid, at: performance.timeOrigin + performance.now() };
  writeWhole(join(runDir, 'tasks'), `${process.pid}-${randomBytes(4).toString('hex')}.json`, JSON.stringify(stored));
}

/**
 * Marks a task of the run as ended, and says whether the caller is the one
 * to merge: it is when every bench task of the run (benchTasks, from the
 * task graph) has ended, and no other caller claimed the merge first.
 */
export function endTask(runDir: string, task: string, benchTasks: string[]): boolean {
  writeWhole(join(runDir, 'ended'), taskFile(task), task);
  const ended = new Set(safeList(join(runDir, 'ended')));
  if (!benchTasks.every((t) => ended.has(taskFile(t)))) return false;
  try {
    writeFileSync(join(runDir, 'merging'), String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

function taskFile(task: string): string {
  return createHash('sha256').update(task).digest('hex').slice(0, 32);
}

/**
 * Whether the hooks' output reaches the terminal of the Nx process that
 * started the caller (a task): the hook runs in that process or in a
 * plugin worker of it, not in the Nx daemon.
 */
export function hookReachesTerminal(runDir: string): boolean {
  try {
    const owner = JSON.parse(readFileSync(join(runDir, 'owner'), 'utf8')) as RunOwner;
    return owner.pid === process.ppid || owner.ppid === process.ppid;
  } catch {
    return true;
  }
}

/**
 * Merges the results files registered in runDir, per profile folder, into
 * one results file, and records the outcome in the run folder. Earlier
 * runs go to history/ first (see archiveEarlierRuns); a lone file is the
 * merged file as it is; otherwise the parts are removed once the merged
 * file is written. Only files this run's tasks registered are ever
 * removed. A folder to which the run added nothing is left as it was.
 */
export function mergeRun(runDir: string, pid = process.pid): MergeOutcome[] {
  const byFolder = new Map<string, { file: string; registration: StoredRegistration }[]>();
  // In the order the tasks registered, so that of two entries of one benchmark the later one wins.
  for (const found of registrations(runDir).sort((a, b) => a.registration.at - b.registration.at)) {
    const folder = resolve(found.registration.profileFolder);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), found]);
  }
  const outcomes: MergeOutcome[] = [];
  let failure: unknown;
  for (const [folder, found] of byFolder) {
    try {
      const outcome = mergeFolder(runDir, folder, found.map((f) => f.registration), pid);
      if (outcome) outcomes.push(outcome);
      for (const { file } of found) rmSync(file, { force: true });
    } catch (error) {
      // The other folders are merged all the same; this one's registrations stay for another try.
      failure ??= error;
    }
  }
  if (outcomes.length > 0) writeWhole(join(runDir, 'merged'), `${process.pid}-${randomBytes(4).toString('hex')}.json`, JSON.stringify(outcomes));
  if (failure) throw failure;
  return outcomes;
}

function mergeFolder(runDir: string, folder: string, registered: StoredRegistration[], pid: number): MergeOutcome | undefined {
  const files = [...new Set(registered.map((r) => resolve(r.resultsFile)))];
  const parts = files.flatMap((file) => {
    try {
      return [{ file, results: readResultsFile(file) }];
    } catch {
      return [];
    }
  });
  if (parts.length === 0) return undefined;
  pauseForTests('merge');
  const merged = mergeResults(
    parts.map((p) => p.results),
    pid,
  );
  if (merged.benchmarks.length === 0) return undefined;
  const kept = new Set([...filesOfLiveRuns(dirname(runDir)), ...files]);
  const archive = registered.some((r) => r.underRunner)
    ? { moved: [] }
    : archiveEarlierRuns(folder, kept, Math.max(...registered.map((r) => r.historyLimit ?? defaultHistoryLimit)));
  let target = parts[0].file;
  if (parts.length > 1) {
    const mergedFiles = parts.map((p) => p.file);
    // The merging task's own part takes the merged results, so that the file it named stays.
    const own = parts.find((p) => p.results.creator.pid === pid)?.file;
    target = writeResults(folder, merged, mergedText(mergedFiles), own);
    try {
      mergeEnvironmentFiles(mergedFiles, target);
    } catch (error) {
      // Without its environment the merged file is not whole: the parts stay, for another try.
      if (target !== own) removeResults(target);
      throw error;
    }
    for (const file of mergedFiles) if (file !== target) removeResults(file);
  }
  return { profileFolder: folder, resultsFile: target, benchmarks: merged.benchmarks.length, tasks: registered.length, archived: archive.moved.length };
}

/** Every outcome recorded in the run folder, by whichever process merged. */
export function runOutcomes(runDir: string): MergeOutcome[] {
  return safeList(join(runDir, 'merged')).flatMap((name) => {
    try {
      return JSON.parse(readFileSync(join(runDir, 'merged', name), 'utf8')) as MergeOutcome[];
    } catch {
      return [];
    }
  });
}

export function closeRun(runDir: string): void {
  rmSync(runDir, { recursive: true, force: true });
}

/** The line that says where a run's results went, with the paths relative to root. */
export function outcomeLine(outcome: MergeOutcome, root: string): { title: string; bodyLines: string[] } {
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  return {
    title: `nx-go-bench: ${n(outcome.benchmarks, 'benchmark')} of ${n(outcome.tasks, 'task')} in ${relative(root, outcome.resultsFile)}`,
    bodyLines:
      outcome.archived > 0 ? [`${n(outcome.archived, 'earlier run')} moved to ${relative(root, join(outcome.profileFolder, 'history'))}/`] : [],
  };
}

function registrations(runDir: string): { file: string; registration: StoredRegistration }[] {
  const dir = join(runDir, 'tasks');
  return safeList(dir)
    .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
    .flatMap((name) => {
      try {
        return [{ file: join(dir, name), registration: JSON.parse(readFileSync(join(dir, name), 'utf8')) as StoredRegistration }];
      } catch {
        // Written whole and renamed into place, a registration is unreadable only if someone else wrote it.
        return [];
      }
    });
}

/** Writes a file of the run folder under a temporary name and renames it into place. */
function writeWhole(dir: string, name: string, content: string): void {
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${name}.tmp`);
  writeFileSync(temp, content);
  renameSync(temp, join(dir, name));
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
