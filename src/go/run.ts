import execa from 'execa';
import { watchProcesses } from '../lock/watch-process';
import type { GoToolchain } from './toolchain';

export interface GoRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Receives the command's output as it comes, whole lines at a time. */
  echo?: OutputSink;
}

/**
 * What to undo when a go command is killed because this process is
 * interrupted or lost its parent: this process ends right after, and
 * anything it holds (a lock entry, a folder of records) must not outlive it.
 * Returns a function that takes the cleanup back.
 */
export function onInterrupt(cleanup: () => void): () => void {
  interruptCleanups.add(cleanup);
  return () => interruptCleanups.delete(cleanup);
}

const interruptCleanups = new Set<() => void>();

/**
 * Where streamed output goes: by default this process's stdout and stderr.
 * A sink that cannot take more for now returns a promise, and the command's
 * output is not read until it settles, so that a benchmark printing faster
 * than the terminal (or Nx) reads waits, as it would under plain go test,
 * instead of piling its output up in this process.
 */
export interface OutputSink {
  stdout(text: string): Promise<void> | void;
  stderr(text: string): Promise<void> | void;
}

export const processOutput: OutputSink = {
  stdout: (text) => writeInPieces(process.stdout, text),
  stderr: (text) => writeInPieces(process.stderr, text),
};

/** Largest write the kernel puts into a pipe whole (PIPE_BUF on Linux). */
const atomicWrite = 4096;

/**
 * Writes text as a series of writes of at most atomicWrite bytes, each
 * ending at a line end where the text has one, each waiting for the one
 * before. Nx reads an executor's output through a pipe and splits every
 * chunk it reads into lines, ending the last piece of a chunk as a line of
 * its own: a benchmark line cut between two reads came out as two lines,
 * about one in a thousand lines of 100 MB. Writes this small go into the
 * pipe whole, so a read holds whole writes, and so whole lines.
 */
export async function writeInPieces(stream: NodeJS.WriteStream, text: string): Promise<void> {
  let start = 0;
  while (start < text.length) {
    // As many characters as fit in atomicWrite bytes: all of a window of that many, or a quarter (3 bytes at most each).
    const window = text.slice(start, start + atomicWrite);
    const fits = Buffer.byteLength(window) <= atomicWrite ? window.length : atomicWrite / 4;
    let end = start + fits;
    if (end >= text.length) {
      end = text.length;
    } else {
      const lineEnd = text.lastIndexOf('\n', end - 1);
      if (lineEnd >= start) end = lineEnd + 1;
      else if (/[\ud800-\udbff]/.test(text[end - 1])) end -= 1;
    }
    const piece = text.slice(start, end);
    await new Promise<void>((resolve) => stream.write(piece, () => resolve()));
    start = end;
  }
}

/**
 * Resolves once everything written to this process's stdout and stderr has
 * left it. Writes to a pipe are asynchronous in Node, and Nx ends the
 * process that runs an executor as soon as the executor returns: output
 * still queued then is lost (the summary table after a few MB of benchmark
 * output, in tests).
 */
export function flushProcessOutput(): Promise<void> {
  const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
  return Promise.all([flushed(process.stdout), flushed(process.stderr)]).then(() => undefined);
}

export interface GoRunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Output kept for error messages; a long benchmark log only needs its end. */
const keptOutput = 1 << 20;

/** Longest partial line held back until its end arrives. */
const maxLine = 1 << 16;

/**
 * Runs the toolchain's go binary with an argument array (never a shell) and
 * resolves with its exit code and output. The command runs in its own
 * process group, and an interrupt of this process, or the end of its
 * parent, ends the whole group, so that neither go nor a test binary it
 * started outlives the task.
 */
export async function runGo(go: GoToolchain, args: string[], options: GoRunOptions): Promise<GoRunResult> {
  const ownGroup = process.platform !== 'win32';
  const child = execa(go.goBin, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    detached: ownGroup,
  });
  const stdout = collect(child.stdout, options.echo?.stdout);
  const stderr = collect(child.stderr, options.echo?.stderr);

  // Kills go's whole group, waits until none of it runs, tidies up, and ends this process as told.
  let ending = false;
  const end = (finish: () => void) => {
    if (ending) return;
    ending = true;
    detach();
    try {
      if (ownGroup && child.pid) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // The group is already gone.
    }
    void child
      .then(() => (ownGroup && child.pid ? groupEnded(child.pid, 2000) : undefined))
      .then(() => interruptCleanups.forEach((cleanup) => cleanup()))
      .finally(finish);
  };
  const stop = (signal: NodeJS.Signals) => end(() => process.kill(process.pid, signal));
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  // Nx does not end the process running an executor when Nx itself is killed: the process would
  // run on, adopted, with go and a test binary under it that hold the measurement lock.
  const orphaned = () => end(() => process.exit(129));
  const unwatch = watchProcesses([process.ppid], orphaned);
  // A process forked with an IPC channel (Nx's task processes) also learns of its parent's end at once.
  if (process.connected) process.once('disconnect', orphaned);
  const detach = () => {
    unwatch();
    process.removeListener('disconnect', orphaned);
    signals.forEach((s) => process.removeListener(s, stop));
  };
  signals.forEach((s) => process.once(s, stop));
  try {
    const result = await child;
    // Killed on purpose: this process ends once the group is gone, and nothing may act on a cut run.
    if (ending) await new Promise(() => undefined);
    await Promise.all([stdout.ended, stderr.ended]);
    return { exitCode: result.exitCode ?? 1, stdout: stdout.text(), stderr: stderr.text() };
  } catch (error) {
    const e = error as { code?: string; message: string };
    return { exitCode: e.code === 'ENOENT' ? 127 : 1, stdout: stdout.text(), stderr: stderr.text() + e.message };
  } finally {
    detach();
  }
}

/**
 * Resolves once no process of group pgid runs (its members are go's
 * children, reaped by init once go is gone), or after ms.
 */
async function groupEnded(pgid: number, ms: number): Promise<void> {
  for (let waited = 0; waited < ms; waited += 20) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Keeps the end of a stream's text and echoes it whole lines at a time: go
 * test prints a benchmark's name before measuring it and its figures after,
 * and Nx would show those two writes on separate lines. Only the new chunk
 * is searched for a line end, and a line longer than maxLine is echoed in
 * pieces, so time is linear in the output and memory bounded whatever a
 * benchmark prints.
 */
function collect(from: NodeJS.ReadableStream | null, echo?: (text: string) => Promise<void> | void): Collected {
  let text = '';
  let pending = '';
  const send = (out: string) => {
    const wait = echo?.(out);
    if (wait && from) {
      from.pause();
      void wait.then(() => from.resume());
    }
  };
  from?.setEncoding('utf8');
  from?.on('data', (chunk: string) => {
    text += chunk;
    if (text.length > 2 * keptOutput) text = text.slice(-keptOutput);
    const end = chunk.lastIndexOf('\n') + 1;
    if (end === 0 && pending.length + chunk.length < maxLine) {
      pending += chunk;
      return;
    }
    const cut = end === 0 ? chunk.length : end;
    send(pending + chunk.slice(0, cut));
    pending = chunk.slice(cut);
  });
  const ended = new Promise<void>((resolve) => {
    if (!from) return resolve();
    from.on('end', () => {
      if (pending !== '') send(pending);
      resolve();
    });
    from.on('error', () => resolve());
  });
  return { text: () => text, ended };
}

interface Collected {
  /** The end of the stream's text so far. */
  text(): string;
  /** Settles once the stream has ended and its last piece was handed to the sink. */
  ended: Promise<void>;
}
