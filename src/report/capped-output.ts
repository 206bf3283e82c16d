import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputSink } from '../go/run';

/** How much of go test's output is shown in full before only its result and failure lines are. */
export const shownInFull = 1 << 20;

/** Logs older than this are removed when a new one is started. */
const keptLogsMs = 7 * 24 * 3600 * 1000;

/**
 * go test's own lines that always reach the user: the configuration lines,
 * every benchmark result, and what says that something failed.
 */
const keyLine = /^(?:goos:|goarch:|pkg:|cpu:|Benchmark\S*\s+\d+\s|--- (?:FAIL|SKIP)|FAIL|ok\s|PASS$|panic:|exit status|fatal error:|signal:|\s+\S+_test\.go:\d+:)/;

/**
 * An output sink for the executor, which Nx relays through a socket that it
 * reads in 64 KB chunks and splits into lines per chunk: a flood of output
 * comes out with lines cut in two wherever a chunk ended. So the first
 * shownInFull characters of go test's output are shown as they come; after
 * that, all of it goes to a log file in logDir, named once on the terminal,
 * and the terminal gets go test's key lines only (results, FAIL, panics).
 * Nothing is lost: the log holds every line from the start.
 */
export function cappedOutput(to: OutputSink, logDir: string, name: string): OutputSink & { logFile(): string | undefined } {
  let shown = 0;
  const head: string[] = [];
  let fd: number | undefined;
  let file: string | undefined;
  let pending = { stdout: '', stderr: '' };

  const open = () => {
    mkdirSync(logDir, { recursive: true });
    removeOldLogs(logDir);
    file = join(logDir, `${name.replace(/[^\w.-]+/g, '_')}-${process.pid}-${Date.now()}.log`);
    fd = openSync(file, 'w');
    for (const text of head) writeSync(fd, text);
    head.length = 0;
  };

  const sink = (stream: 'stdout' | 'stderr') => (text: string): Promise<void> | void => {
    if (fd === undefined && shown + text.length <= shownInFull) {
      shown += text.length;
      head.push(text);
      return to[stream](text);
    }
    const notice = fd === undefined;
    if (notice) open();
    writeSync(fd!, text);
    // Key lines are whole lines: hold a trailing piece until its line ends.
    const lines = (pending[stream] + text).split('\n');
    pending = { ...pending, [stream]: lines.pop() ?? '' };
    const key = lines.filter((l) => keyLine.test(l));
    const out = [
      ...(notice ? [`nx-go-bench: go test has printed over ${shownInFull >> 20} MB; all of its output is in ${file}, and only its result and failure lines are shown here.`] : []),
      ...key,
    ];
    if (out.length > 0) return to[stream](out.join('\n') + '\n');
  };

  return {
    stdout: sink('stdout'),
    stderr: sink('stderr'),
    logFile: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      return file;
    },
  };
}

function removeOldLogs(logDir: string): void {
  for (const name of readdirSync(logDir)) {
    const path = join(logDir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > keptLogsMs) rmSync(path, { force: true });
    } catch {
      // Another run removed it.
    }
  }
}
