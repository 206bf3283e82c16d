export { default as benchExecutor } from './executors/bench/executor';
export type { BenchExecutorOptions } from './executors/bench/schema';
export { normalizeOptions, type BenchRequest } from './executors/bench/normalize';
export { runBench, type BenchOutcome } from './executors/bench/run-bench';
