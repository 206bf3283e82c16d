import { spawn } from 'node:child_process';
import { acquireExclusive, releaseHoldFile } from '../lock/rw-lock';

/**
 * The program go test runs each test binary through (`go test -exec`). go
 * test starts the first binary only after every package is built, so here
 * the task's compilation is over: the wrapper ends the task's shared hold
 * of the measurement lock, takes the lock exclusively, runs the binary with
 * the same arguments, stdio and exit status, and lets go.
 */
async function main(): Promise<void> {
  const [binary, ...args] = process.argv.slice(2);
  const lockDir = process.env.NX_GO_BENCH_LOCK_DIR;
  const traceFile = process.env.NX_GO_BENCH_LOCK_TRACE || undefined;
  if (!binary || !lockDir) {
    process.stderr.write('nx-go-bench exec wrapper: usage: NX_GO_BENCH_LOCK_DIR=dir exec-wrapper binary [args...]\n');
    process.exit(2);
  }
  const compileHold = process.env.NX_GO_BENCH_SHARED_HOLD;
  if (compileHold) releaseHoldFile(compileHold, 'shared', traceFile);
  const hold = await acquireExclusive(lockDir, { traceFile });
  const child = spawn(binary, args, { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward);
  child.on('error', (error) => {
    hold.release();
    process.stderr.write(`nx-go-bench exec wrapper: cannot run ${binary}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    hold.release();
    process.exit(code ?? (signal ? 128 + 15 : 1));
  });
}

void main();
