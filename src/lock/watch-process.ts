import { processRuns } from './process-runs';

/** How often a watched process is looked at: an orphaned run stops within about this long. */
export const watchIntervalMs = 500;

/**
 * Calls onGone once, as soon as one of pids has ended. Node cannot ask the
 * kernel to signal a child when its parent dies (PR_SET_PDEATHSIG), and a
 * process whose parent was SIGKILLed is not told: it is adopted and runs
 * on. So the process that would be left over looks at its parent: every
 * watchIntervalMs it checks that each pid still runs, as the process that
 * was running when the watch began (not a newer one that reuses its pid).
 * The timer does not keep this process alive. Returns a function that ends
 * the watch.
 */
export function watchProcesses(pids: number[], onGone: (pid: number) => void): () => void {
  const since = Date.now();
  const timer = setInterval(() => {
    const gone = pids.find((pid) => !processRuns(pid, since));
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(gone);
  }, watchIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
