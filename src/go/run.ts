import execa from 'execa';
import type { GoToolchain } from './toolchain';

export interface GoRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Receives the command's output as it comes, whole lines at a time. */
  echo?: OutputSink;
}

/** Where streamed output goes: by default this process's stdout and stderr. */
export interface OutputSink {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processOutput: OutputSink = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

export interface GoRunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Output kept for error messages; a long benchmark log only needs its end. */
const keptOutput = 1 << 20;

/**
 * Runs the toolchain's go binary with an argument array (never a shell) and
 * resolves with its exit code and output. The command runs in its own
 * process group, and an interrupt of this process ends the whole group, so
 * that neither go nor a test binary it started outlives the task.
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

  const stop = (signal: NodeJS.Signals) => {
    try {
      if (ownGroup && child.pid) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // The group is already gone.
    }
    detach();
    process.kill(process.pid, signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const detach = () => signals.forEach((s) => process.removeListener(s, stop));
  signals.forEach((s) => process.once(s, stop));
  try {
    const result = await child;
    return { exitCode: result.exitCode ?? 1, stdout: stdout(), stderr: stderr() };
  } catch (error) {
    const e = error as { code?: string; message: string };
    return { exitCode: e.code === 'ENOENT' ? 127 : 1, stdout: stdout(), stderr: stderr() + e.message };
  } finally {
    detach();
  }
}

/**
 * Keeps the end of a stream's text and echoes it whole lines at a time: go
 * test prints a benchmark's name before measuring it and its figures after,
 * and Nx would show those two writes on separate lines.
 */
function collect(from: NodeJS.ReadableStream | null, echo?: (text: string) => void): () => string {
  let text = '';
  let pending = '';
  from?.setEncoding('utf8');
  from?.on('data', (chunk: string) => {
    text += chunk;
    if (text.length > 2 * keptOutput) text = text.slice(-keptOutput);
    pending += chunk;
    const end = pending.lastIndexOf('\n') + 1;
    if (end > 0) {
      echo?.(pending.slice(0, end));
      pending = pending.slice(end);
    }
  });
  from?.on('end', () => {
    if (pending !== '') echo?.(pending);
  });
  return () => text;
}
