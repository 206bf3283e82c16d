export { createNodes, createNodesV2 } from './plugin/create-nodes';
export { createDependencies } from './plugin/create-dependencies';
export { preTasksExecution, postTasksExecution } from './plugin/task-hooks';
export type { GoBenchPluginOptions } from './plugin/options';
export type { BenchExecutorOptions } from './executors/bench/schema';
