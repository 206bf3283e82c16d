import { output, type PostTasksExecution, type PreTasksExecution } from '@nx/devkit';
import { closeRun, mergeRun, openRun, outcomeLine, runDirVariable, runOutcomes } from '../results/run-registry';
import { runFolder } from '../results/runs-root';
import { BenchError } from '../utils/bench-error';
import type { GoBenchPluginOptions } from './options';

/** Names the run folder in which this run's bench tasks register their results. */
export const preTasksExecution: PreTasksExecution<GoBenchPluginOptions> = (_options, context) => {
  const dir = runFolder(context.id);
  openRun(dir);
  process.env[runDirVariable] = dir;
};

/**
 * Merges what the run's bench tasks left unmerged (the last of them to end
 * merges the rest; see run-registry), then says where the results are. It
 * runs once after all tasks, whether they ran in one batch, in several, or
 * each in its own process. A merge that fails throws, which fails the Nx
 * command, also where this hook runs in the Nx daemon.
 */
export const postTasksExecution: PostTasksExecution<GoBenchPluginOptions> = (_options, context) => {
  const dir = runFolder(context.id);
  try {
    mergeRun(dir);
    for (const outcome of runOutcomes(dir)) output.log(outcomeLine(outcome, context.workspaceRoot));
  } catch (error) {
    if (!(error instanceof BenchError)) throw error;
    throw new BenchError(`nx-go-bench: the results of this run were not merged. ${error.title}`, ['Each task kept its own results file.', ...error.bodyLines]);
  } finally {
    closeRun(dir);
  }
};
