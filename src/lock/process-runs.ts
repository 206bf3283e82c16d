import { readFileSync } from 'node:fs';

/**
 * Whether process pid runs and was already running at `since` (ms since the
 * epoch): a pid whose process started later names a newer process that
 * merely reuses the number, which a busy machine with Linux's default of
 * 32768 pids does within minutes. A zombie has ended.
 */
export function processRuns(pid: number, since: number): boolean {
  return pid > 0 && signalable(pid) && !zombie(pid) && !startedAfter(pid, since);
}

/**
 * Whether pid has ended and waits to be reaped: a killed process stays a
 * zombie until its parent collects it, which a parent that is itself being
 * killed, or busy, may not do for seconds. Known only where /proc tells.
 */
function zombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].startsWith('Z');
  } catch {
    return false;
  }
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether process pid started after `time` (ms since the epoch), so that it
 * cannot have written an entry at that time: the owner died and its pid was
 * reused, which a busy machine with Linux's default of 32768 pids does
 * within minutes. Known only where /proc tells process start times.
 */
function startedAfter(pid: number, time: number): boolean {
  try {
    // Field 22 of /proc/<pid>/stat is the start in clock ticks after boot; the name in field 2 may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))![1]);
    // Linux reports ticks at USER_HZ, 100 per second on every architecture it supports.
    const started = bootSeconds * 1000 + Number(fields[19]) * 10;
    // btime is whole seconds: allow for its rounding.
    return started > time + 2000;
  } catch {
    return false;
  }
}
