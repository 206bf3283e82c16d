import type { ExecutorContext } from '@nx/devkit';
import type { BenchExecutorOptions } from './schema';
import { flushProcessOutput } from '../../go/run';
import { printMessages, runBenchTask } from './task';

/**
 * The `bench` executor: runs a project's Go benchmarks and writes one
 * CodSpeed walltime results file. go test's output streams as it comes;
 * errors the user can fix are printed with a title and explanation and fail
 * the task.
 */
export default async function benchExecutor(
  options: BenchExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const outcome = await runBenchTask(options, context.projectName ?? '', context, { capOutput: true });
  printMessages(outcome.messages);
  await flushProcessOutput();
  return { success: outcome.success };
}
