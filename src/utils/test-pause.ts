/**
 * For tests only: NX_GO_BENCH_TEST_PAUSE=<stage>:<ms> makes the process
 * stop for ms at a stage, so that a test can interrupt it there. Stages:
 * `results` (a results file written under its temporary name, not yet
 * renamed) and `merge` (after the run's last task, before its results are
 * merged and earlier runs moved to history/).
 */
export function pauseForTests(stage: 'results' | 'merge'): void {
  const [at, ms] = (process.env.NX_GO_BENCH_TEST_PAUSE ?? '').split(':');
  if (at !== stage || !(Number(ms) > 0)) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ms));
}
