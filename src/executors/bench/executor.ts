import { output, type ExecutorContext } from '@nx/devkit';
import { relative } from 'node:path';
import { summaryLines } from '../../report/summary';
import { BenchError } from '../../utils/bench-error';
import { normalizeOptions } from './normalize';
import { runBench } from './run-bench';
import type { BenchExecutorOptions } from './schema';

/**
 * The `bench` executor: runs a project's Go benchmarks and writes one
 * CodSpeed walltime results file. Errors the user can fix are printed with
 * a title and explanation, and fail the task.
 */
export default async function benchExecutor(
  options: BenchExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    const projectName = context.projectName ?? '';
    const request = normalizeOptions(
      options,
      {
        projectName,
        projectRoot: context.projectsConfigurations?.projects[projectName]?.root ?? '.',
        workspaceRoot: context.root,
      },
      process.env,
    );
    const outcome = await runBench(request);
    if (outcome.resultsFile) {
      output.log({
        title: `${outcome.benchmarks.length} benchmark${outcome.benchmarks.length === 1 ? '' : 's'} of ${projectName} measured with ${outcome.goVersion}`,
        bodyLines: [...summaryLines(outcome.benchmarks), '', `Results: ${relative(process.cwd(), outcome.resultsFile)}`],
      });
    }
    if (outcome.error) {
      output.error({ title: outcome.error.title, bodyLines: outcome.error.bodyLines });
      return { success: false };
    }
    return { success: true };
  } catch (error) {
    if (error instanceof BenchError) {
      output.error({ title: error.title, bodyLines: error.bodyLines });
      return { success: false };
    }
    throw error;
  }
}
