import execa from 'execa';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, workspacesDir } from './paths';
import { waitFor } from './processes';

/** One message the fake runner received (testdata/runner/fakerunner), with the CLOCK_MONOTONIC time it read it at. */
export interface RunnerEntry {
  at: number;
  bytes: number;
  msg: { Kind: string; Pid?: number; URI?: string; Name?: string; Version?: string; Marker?: string; Time?: number; Number?: number };
  error?: string;
}

export interface FakeRunner {
  /** Everything received so far. */
  log(): RunnerEntry[];
  /** Kills the runner; its pipes stay behind, as the real runner's do. */
  stop(): Promise<void>;
}

const binary = join(workspacesDir, 'bin', 'fakerunner');

/** Builds the fake runner, once per e2e run (the teardown removes it with the workspaces). */
export async function buildFakeRunner(): Promise<void> {
  if (existsSync(binary)) return;
  mkdirSync(join(workspacesDir, 'bin'), { recursive: true });
  await execa('go', ['build', '-o', binary, './fakerunner'], { cwd: join(repoRoot, 'testdata', 'runner'), env: { GOTOOLCHAIN: 'local', GOFLAGS: '' } });
}

/** Starts the fake runner with its pipes in dir and waits until they are open. */
export async function startFakeRunner(dir: string, flags: string[] = []): Promise<FakeRunner> {
  await buildFakeRunner();
  mkdirSync(dir, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const logFile = join(workspacesDir, `runner-${stamp}.log`);
  const ready = join(workspacesDir, `runner-${stamp}.ready`);
  const child: ChildProcess = spawn(binary, ['-dir', dir, '-log', logFile, '-ready', ready, ...flags], { stdio: 'inherit' });
  await waitFor('the fake runner to open its pipes', () => existsSync(ready), 10_000);
  const log = () =>
    existsSync(logFile)
      ? readFileSync(logFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as RunnerEntry)
      : [];
  return {
    log,
    stop: async () => {
      const ended = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await ended;
    },
  };
}

/** One profiling window as the runner saw it: from StartBenchmark to ExecutedBenchmark. */
export interface RunnerWindow {
  uri: string;
  pid: number;
  start: number;
  stop: number;
  /** The rounds' [start, end] markers, in CLOCK_MONOTONIC ns. */
  rounds: [number, number][];
}

/**
 * Reads the windows out of a log, and fails if the messages break the
 * protocol's order: StartBenchmark, markers, StopBenchmark, then
 * ExecutedBenchmark, with no window inside another (of any process), each
 * marker pair inside its window and in time order.
 */
export function windowsOf(log: RunnerEntry[]): RunnerWindow[] {
  const windows: RunnerWindow[] = [];
  let open: { start: number; stop?: number; marks: RunnerEntry[] } | undefined;
  for (const entry of log) {
    const { msg } = entry;
    if (entry.error) throw new Error(`the runner could not read a message: ${entry.error}`);
    switch (msg.Kind) {
      case 'StartBenchmark':
        if (open) throw new Error(`StartBenchmark at ${entry.at} inside a window opened at ${open.start}`);
        open = { start: entry.at, marks: [] };
        break;
      case 'AddMarker':
        if (!open || open.stop !== undefined) throw new Error(`a marker at ${entry.at} outside any window`);
        open.marks.push(entry);
        break;
      case 'StopBenchmark':
        if (!open || open.stop !== undefined) throw new Error(`StopBenchmark at ${entry.at} without a window`);
        open.stop = entry.at;
        break;
      case 'ExecutedBenchmark': {
        if (!open || open.stop === undefined) throw new Error(`ExecutedBenchmark ${msg.URI} before StopBenchmark`);
        const { marks, start, stop } = open;
        const rounds: [number, number][] = [];
        for (let i = 0; i < marks.length; i += 2) {
          const [a, b] = [marks[i], marks[i + 1]];
          if (a.msg.Marker !== 'BenchmarkStart' || b?.msg.Marker !== 'BenchmarkEnd') throw new Error(`markers out of pairs in ${msg.URI}`);
          if (a.msg.Pid !== msg.Pid || b.msg.Pid !== msg.Pid) throw new Error(`a marker of another process in ${msg.URI}`);
          // The markers' times are the binary's, the at times the runner's: the same clock, or these fail.
          if (!(start <= a.msg.Time! && a.msg.Time! <= b.msg.Time! && b.msg.Time! <= b.at)) {
            throw new Error(`round ${i / 2} of ${msg.URI} at [${a.msg.Time}, ${b.msg.Time}] is not inside its window from ${start}, marked at ${b.at}`);
          }
          if (rounds.length > 0 && a.msg.Time! < rounds[rounds.length - 1][1]) throw new Error(`rounds of ${msg.URI} overlap`);
          rounds.push([a.msg.Time!, b.msg.Time!]);
        }
        windows.push({ uri: msg.URI!, pid: msg.Pid!, start, stop, rounds });
        open = undefined;
        break;
      }
    }
  }
  if (open) throw new Error(`a window opened at ${open.start} was never closed`);
  return windows;
}
