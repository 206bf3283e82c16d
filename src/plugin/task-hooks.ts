import { output, type PostTasksExecution, type PreTasksExecution } from '@nx/devkit';
import { workspaceDataDirectory } from '@nx/devkit/internal';
import { join, relative } from 'node:path';
import { mergeRun, openRun, runDirVariable } from '../results/run-registry';
import { BenchError } from '../utils/bench-error';
import type { GoBenchPluginOptions } from './options';

function runDir(id: string): string {
  return join(workspaceDataDirectory, 'nx-go-bench-runs', id);
}

/** Names the run folder in which this run's bench tasks register their results. */
export const preTasksExecution: PreTasksExecution<GoBenchPluginOptions> = (_options, context) => {
  const dir = runDir(context.id);
  openRun(dir);
  process.env[runDirVariable] = dir;
};

/**
 * Merges the results that this run's bench tasks wrote into one results
 * file per profile folder. It runs once after all tasks, whether they ran
 * in one batch, in several, or each in its own process.
 */
export const postTasksExecution: PostTasksExecution<GoBenchPluginOptions> = (_options, context) => {
  let outcomes: ReturnType<typeof mergeRun>;
  try {
    outcomes = mergeRun(runDir(context.id), context.startTime);
  } catch (error) {
    if (!(error instanceof BenchError)) throw error;
    output.error({ title: `nx-go-bench: the results of this run were not merged. ${error.title}`, bodyLines: ['Each task kept its own results file.', ...error.bodyLines] });
    process.exitCode = 1;
    return;
  }
  for (const outcome of outcomes) {
    output.log({
      title: `nx-go-bench: ${outcome.benchmarks} benchmark${outcome.benchmarks === 1 ? '' : 's'} from ${outcome.merged} task${outcome.merged === 1 ? '' : 's'} in one results file`,
      bodyLines: [relative(context.workspaceRoot, outcome.resultsFile)],
    });
  }
};
