import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processRuns } from './process-runs';

/**
 * A reader/writer lock shared by every process on the machine that uses the
 * same folder. Compilations hold it shared, so they overlap one another; a
 * benchmark binary holds it exclusive, so nothing the plugin starts runs
 * beside a measurement. A waiting writer blocks new readers, so
 * measurements are not starved by a stream of compilations.
 *
 * The state is plain files, one per hold or wait, each under a name used
 * once: `readers/<id>`, `intents/<id>` (writers waiting) and `writers/<id>`,
 * each holding its owner's pid and start time and put in place whole
 * (written aside, then renamed). A process enters by placing its entry and
 * then looking at the others, and leaves again if it sees a conflict; as
 * every process places before it looks, of two that conflict at least one
 * sees the other. An entry whose process has died, or whose pid now names a
 * process started later, is removed by whoever finds it, so a killed task
 * never blocks later ones; as no name is used twice, that removal can never
 * hit a newer entry.
 */
export interface LockHold {
  /** The file that represents the hold; releaseHoldFile ends it from any process. */
  readonly file: string;
  release(): void;
}

export interface LockOptions {
  /** Appends `<kind> <pid> <start ms> <end ms>` when a hold ends, for tests that check overlap. */
  traceFile?: string;
  pollMs?: number;
  /** Who holds the entry, for people reading why a run waits: the project's name. */
  label?: string;
  /** Told who stands in the way, after waitNoticeMs of waiting and then every waitNoticeMs again. */
  onWait?: (holders: LockHolder[], waitedMs: number) => void;
  waitNoticeMs?: number;
}

/** A live entry that keeps a process waiting. */
export interface LockHolder {
  kind: 'shared' | 'exclusive' | 'waiting for exclusive';
  pid: number;
  label: string;
  /** When the entry was placed, in ms since the epoch. */
  since: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireShared(dir: string, options: LockOptions = {}): Promise<LockHold> {
  const paths = layout(dir);
  const notice = waitNotice(paths, options, false);
  for (let attempt = 0; ; attempt++) {
    if (!busy(paths, false)) {
      const file = place(paths, join(paths.readers, entryName()), options);
      if (!busy(paths, false)) return hold(paths, file, 'shared', options);
      rmSync(file, { force: true });
    }
    notice();
    await sleep(backoff(attempt, options));
  }
}

export async function acquireExclusive(dir: string, options: LockOptions = {}): Promise<LockHold> {
  const paths = layout(dir);
  const intent = place(paths, join(paths.intents, entryName()), options);
  const notice = waitNotice(paths, options, true);
  try {
    for (let attempt = 0; ; attempt++) {
      if (!busy(paths, true)) {
        const file = place(paths, join(paths.writers, entryName()), options);
        if (live(paths.readers) === 0 && live(paths.writers) === 1) return hold(paths, file, 'exclusive', options);
        rmSync(file, { force: true });
      }
      notice();
      // Two writers that placed at the same moment both step back; chance decides who goes first next time.
      await sleep(backoff(attempt, options) * (0.5 + Math.random()));
    }
  } finally {
    rmSync(intent, { force: true });
  }
}

/**
 * Ends the hold that file represents, whichever process took it: the file is
 * claimed by a rename first, so of two processes ending the same hold only
 * one traces it.
 */
export function releaseHoldFile(file: string, kind: 'shared' | 'exclusive', traceFile?: string): void {
  const claimed = `${file}.released-${process.pid}-${randomBytes(4).toString('hex')}`;
  // The hold ends with the rename; the trace must not say it ended any later.
  const end = now();
  try {
    renameSync(file, claimed);
  } catch {
    return;
  }
  const [owner, start] = readEntry(claimed) ?? [0, end];
  rmSync(claimed, { force: true });
  if (traceFile) appendFileSync(traceFile, `${kind} ${owner || process.pid} ${start.toFixed(3)} ${end.toFixed(3)}\n`);
}

/** Removes every entry whose process has ended, as any waiting process would on its next look. */
export function removeStaleEntries(dir: string): void {
  const paths = layout(dir);
  for (const folder of [paths.readers, paths.intents, paths.writers]) live(folder);
}

interface Paths {
  readers: string;
  intents: string;
  writers: string;
  staging: string;
}

function layout(dir: string): Paths {
  const paths = { readers: join(dir, 'readers'), intents: join(dir, 'intents'), writers: join(dir, 'writers'), staging: join(dir, 'staging') };
  for (const folder of Object.values(paths)) mkdirSync(folder, { recursive: true });
  return paths;
}

/** Writes an entry aside and moves it to target whole, so no reader sees it half written. */
function place(paths: Paths, target: string, options: LockOptions): string {
  const temp = join(paths.staging, entryName());
  writeFileSync(temp, `${process.pid} ${now()} ${(options.label ?? '').replace(/\s+/g, ' ')}`.trimEnd());
  renameSync(temp, target);
  return target;
}

/**
 * Returns a function to call on every wait: once the wait has lasted
 * waitNoticeMs, and every waitNoticeMs after, it tells onWait who holds the
 * lock (for a writer, also who waits before it), so that a run never waits
 * in silence.
 */
function waitNotice(paths: Paths, options: LockOptions, forWriter: boolean): () => void {
  const every = options.waitNoticeMs ?? 5000;
  const start = now();
  let next = start + every;
  return () => {
    if (!options.onWait || now() < next) return;
    next = now() + every;
    const holders = [
      ...holdersIn(paths.writers, 'exclusive'),
      ...holdersIn(paths.readers, 'shared'),
      ...(forWriter ? [] : holdersIn(paths.intents, 'waiting for exclusive')),
    ];
    options.onWait(holders, now() - start);
  };
}

function holdersIn(folder: string, kind: LockHolder['kind']): LockHolder[] {
  return readdirSync(folder).flatMap((name) => {
    const file = join(folder, name);
    const entry = alive(file) ? readEntry(file) : undefined;
    return entry ? [{ kind, pid: entry[0], since: entry[1], label: entry[2] }] : [];
  });
}

/** One line saying who holds the lock, for a run that waits on it. */
export function describeHolders(holders: LockHolder[], waitedMs: number): string {
  const who = holders.map((h) => `${h.label || 'a run'} (pid ${h.pid}, ${h.kind} since ${new Date(h.since).toLocaleTimeString('en-GB')})`);
  return `nx-go-bench: waiting ${Math.round(waitedMs / 1000)}s for the measurement lock, held by ${who.join(', ') || 'a run that is ending'}`;
}

/** Whether the lock is unavailable: held by a writer; for a reader, wanted by a writer; for a writer, held by readers. */
function busy(paths: Paths, forWriter: boolean): boolean {
  return live(paths.writers) > 0 || live(forWriter ? paths.readers : paths.intents) > 0;
}

function live(folder: string): number {
  return readdirSync(folder).filter((name) => alive(join(folder, name))).length;
}

/** Whether an entry's owner still runs; an entry of a dead owner is removed. */
function alive(file: string): boolean {
  const entry = readEntry(file);
  if (!entry) return false;
  const [pid, written] = entry;
  if (processRuns(pid, written)) return true;
  rmSync(file, { force: true });
  return false;
}

/** An entry's owner pid (0 if unreadable), start time and label, or undefined once the entry is gone. */
function readEntry(file: string): [pid: number, start: number, label: string] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const [pidText, startText, ...label] = text.split(' ');
  const [pid, start] = [Number(pidText), Number(startText)];
  return [Number.isInteger(pid) && pid > 0 ? pid : 0, Number.isFinite(start) ? start : now(), label.join(' ')];
}

/** The hold begins when the check succeeds, not when its entry was placed: the entry is stamped again. */
function hold(paths: Paths, file: string, kind: 'shared' | 'exclusive', options: LockOptions): LockHold {
  place(paths, file, options);
  return { file, release: () => releaseHoldFile(file, kind, options.traceFile) };
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

function entryName(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

function backoff(attempt: number, options: LockOptions): number {
  return Math.min(options.pollMs ?? 100, 10 + attempt * 10);
}
