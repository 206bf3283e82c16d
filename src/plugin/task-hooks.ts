import { output, type PostTasksExecution, type PreTasksExecution } from '@nx/devkit';
import { workspaceDataDirectory } from '@nx/devkit/internal';
import { join, relative } from 'node:path';
import { mergeRun, runDirVariable } from '../results/run-registry';
import type { GoBenchPluginOptions } from './options';

function runDir(id: string): string {
  return join(workspaceDataDirectory, 'nx-go-bench-runs', id);
}

/** Names the run folder in which this run's bench tasks register their results. */
export const preTasksExecution: PreTasksExecution<GoBenchPluginOptions> = (_options, context) => {
  process.env[runDirVariable] = runDir(context.id);
};

/**
 * Merges the results that this run's bench tasks wrote into one results
 * file per profile folder. It runs once after all tasks, whether they ran
 * in one batch, in several, or each in its own process.
 */
export const postTasksExecution: PostTasksExecution<GoBenchPluginOptions> = (_options, context) => {
  const outcomes = mergeRun(runDir(context.id), context.startTime);
  for (const outcome of outcomes) {
    output.log({
      title: `nx-go-bench: ${outcome.benchmarks} benchmark${outcome.benchmarks === 1 ? '' : 's'} from ${outcome.merged} task${outcome.merged === 1 ? '' : 's'} in one results file`,
      bodyLines: [relative(context.workspaceRoot, outcome.resultsFile)],
    });
  }
};
