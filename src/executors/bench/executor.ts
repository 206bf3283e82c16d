import type { ExecutorContext } from '@nx/devkit';
import type { BenchExecutorOptions } from './schema';
import { flushProcessOutput } from '../../go/run';
import { endOfTask, ownTaskId, runOf } from './run-tasks';
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
  const run = runOf(context, ownTaskId(context));
  let outcome: Awaited<ReturnType<typeof runBenchTask>> | undefined;
  try {
    outcome = await runBenchTask(options, context.projectName ?? '', context, { capOutput: true }, run);
    printMessages(outcome.messages);
  } finally {
    const ending = run ? endOfTask(run, context.root) : [];
    printMessages(ending);
    if (outcome && ending.some((m) => m.kind === 'error')) outcome.success = false;
  }
  await flushProcessOutput();
  return { success: outcome.success };
}
