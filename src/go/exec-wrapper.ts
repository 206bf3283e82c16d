import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { acquireExclusive, describeHolders, releaseHoldFile, type LockHold } from '../lock/rw-lock';
import { watchProcesses } from '../lock/watch-process';
import { packageDirFromRoot } from '../results/uri';
import { callgrindArgs, valgrindLogFile, valgrindMessages } from '../simulation/callgrind';

/**
 * The program go test runs each test binary through (`go test -exec`). go
 * test starts the first binary only after every package is built, so here
 * the task's compilation is over: the wrapper ends the task's shared hold
 * of the measurement lock, takes the lock exclusively, runs the binary with
 * the same arguments, stdio and exit status, and lets go.
 *
 * It also watches go test, its parent, and the task process that started
 * go test (NX_GO_BENCH_OWNER). If either ends, nobody will read what the
 * binary prints and the run is over: it kills the binary and its own
 * process group (go test with it) and lets the lock go, so that a killed
 * Nx never leaves a binary holding the lock against every later run.
 */
async function main(): Promise<void> {
  const [binary, ...args] = process.argv.slice(2);
  const lockDir = process.env.NX_GO_BENCH_LOCK_DIR;
  const traceFile = process.env.NX_GO_BENCH_LOCK_TRACE || undefined;
  if (!binary || !lockDir) {
    process.stderr.write('nx-go-bench exec wrapper: usage: NX_GO_BENCH_LOCK_DIR=dir exec-wrapper binary [args...]\n');
    process.exit(2);
  }
  let hold: LockHold | undefined;
  let child: ChildProcess | undefined;
  const owner = Number(process.env.NX_GO_BENCH_OWNER);
  watchProcesses([process.ppid, ...(owner > 0 ? [owner] : [])], () => {
    hold?.release();
    child?.kill('SIGKILL');
    // The rest of the group is go test and whatever else it started for this task.
    process.kill(0, 'SIGKILL');
  });

  const compileHold = process.env.NX_GO_BENCH_SHARED_HOLD;
  if (compileHold) releaseHoldFile(compileHold, 'shared', traceFile);
  hold = await acquireExclusive(lockDir, {
    traceFile,
    label: process.env.NX_GO_BENCH_PROJECT,
    onWait: (holders, waited) => process.stderr.write(`${describeHolders(holders, waited)}\n`),
  });
  const uriRoot = process.env.NX_GO_BENCH_URI_ROOT;
  const env: NodeJS.ProcessEnv = uriRoot ? { ...process.env, NX_GO_BENCH_URI_DIR: packageDirFromRoot(process.cwd(), uriRoot) } : { ...process.env };
  const [command, commandArgs] = underValgrind(binary, args, env);
  const running = spawn(command, commandArgs, { stdio: 'inherit', env });
  child = running;
  const forward = (signal: NodeJS.Signals) => running.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward);
  running.on('error', (error) => {
    hold?.release();
    process.stderr.write(`nx-go-bench exec wrapper: cannot run ${binary}: ${error.message}\n`);
    process.exit(1);
  });
  const oomKillsBefore = oomKills();
  running.on('exit', (code, signal) => {
    hold?.release();
    const records = process.env.NX_GO_BENCH_RECORDS;
    if (command !== binary && records) passOnValgrindLog(records, running.pid);
    if (signal && records && running.pid !== undefined) noteKilled(records, running.pid, signal, oomKills() > oomKillsBefore);
    process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 15) : 1));
  });
}

/**
 * In simulation mode (NX_GO_BENCH_SIMULATION), the binary runs without Go's
 * asynchronous preemption, whose signals callgrind does not survive; and
 * with one processor and no garbage collection, so that no other goroutine
 * runs, and no collection, while a call is counted (-cpu still sets
 * GOMAXPROCS per benchmark). Standalone, it runs under a callgrind of its
 * own (NX_GO_BENCH_VALGRIND names valgrind) with instrumentation off until
 * it counts. Under CodSpeed's runner, the valgrind this wrapper runs in
 * follows the binary already: a second one would not start.
 */
function underValgrind(binary: string, args: string[], env: NodeJS.ProcessEnv): [string, string[]] {
  const records = env.NX_GO_BENCH_RECORDS;
  if (!env.NX_GO_BENCH_SIMULATION || !records) return [binary, args];
  env.GODEBUG = [env.GODEBUG, 'asyncpreemptoff=1'].filter(Boolean).join(',');
  env.GOGC = 'off';
  env.GOMAXPROCS = '1';
  const valgrind = env.NX_GO_BENCH_SIMULATION === 'standalone' ? env.NX_GO_BENCH_VALGRIND : undefined;
  return valgrind ? [valgrind, [...callgrindArgs(records), binary, ...args]] : [binary, args];
}

/**
 * The out-of-memory kills the kernel has made since it booted, from
 * /proc/vmstat (Linux 4.13 on); 0 where it does not tell. A binary killed
 * by SIGKILL while the count grew ran out of memory.
 */
function oomKills(): number {
  try {
    return Number(/^oom_kill (\d+)$/m.exec(readFileSync('/proc/vmstat', 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Leaves `<pid>.killed` in the record folder for a binary that a signal
 * ended, so that the task names the benchmark it was running and why:
 * go test sees only this wrapper's exit status.
 */
function noteKilled(records: string, pid: number, signal: NodeJS.Signals, oom: boolean): void {
  try {
    writeFileSync(join(records, `${pid}.killed`), `${signal}${oom && signal === 'SIGKILL' ? ' oom' : ''}`);
  } catch {
    // The folder is gone: the task was interrupted, and says so itself.
  }
}

/** Writes what valgrind had to say about the binary to stderr, but for the warnings its options make moot. */
function passOnValgrindLog(records: string, pid: number | undefined): void {
  if (pid === undefined) return;
  const file = valgrindLogFile(records, pid);
  try {
    const lines = valgrindMessages(readFileSync(file, 'utf8'));
    if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
    rmSync(file, { force: true });
  } catch {
    // No log: valgrind did not start, and said why on stderr.
  }
}

void main();
