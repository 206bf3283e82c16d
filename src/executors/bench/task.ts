import { output, type ExecutorContext } from '@nx/devkit';
import { join, relative } from 'node:path';
import { checkBaselineCovers, compareWithBaseline, readBaseline } from '../../compare/baseline';
import { comparisonLines, comparisonMarkdown } from '../../compare/report';
import { appendStepSummary } from '../../report/output-file';
import { summaryLines, summaryMarkdown } from '../../report/summary';
import { textFileFor } from '../../results/walltime';
import { BenchError } from '../../utils/bench-error';
import { normalizeOptions } from './normalize';
import { runBench, type RunBenchOptions } from './run-bench';
import { checkOneModePerFolder, type RunTasks } from './run-tasks';
import type { BenchExecutorOptions } from './schema';

/** A message for the terminal: a title and body lines, as @nx/devkit's output helpers take them. */
export interface Message {
  kind: 'log' | 'error';
  title: string;
  bodyLines: string[];
}

export interface TaskOutcome {
  success: boolean;
  messages: Message[];
}

/**
 * Runs the bench target of one project and says what to print: the summary
 * table of the measured benchmarks, and the error if any. Errors the user
 * can fix become messages; anything else is a bug and throws.
 */
export async function runBenchTask(
  options: BenchExecutorOptions,
  projectName: string,
  context: Pick<ExecutorContext, 'root' | 'projectsConfigurations' | 'taskGraph'>,
  runOptions: RunBenchOptions = {},
  run?: RunTasks,
): Promise<TaskOutcome> {
  try {
    const request = normalizeOptions(
      options,
      { projectName, projectRoot: context.projectsConfigurations?.projects[projectName]?.root ?? '.', workspaceRoot: context.root },
      process.env,
    );
    if (run) checkOneModePerFolder(request, run, context, process.env);
    const baseline = request.baseline ? readBaseline(request.baseline, context.root, request.mode) : undefined;
    const outcome = await runBench(request, {
      ...runOptions,
      ...(request.baseline && baseline
        ? { beforeTests: (packages) => checkBaselineCovers(request.baseline!, baseline, packages, projectName, context.root) }
        : {}),
    });
    const messages: Message[] = [];
    const warnings: (string | undefined)[] = [];
    if (outcome.resultsFile) {
      const count = outcome.benchmarks.length;
      const title = `${count} benchmark${count === 1 ? '' : 's'} of ${projectName} measured with ${outcome.goVersion}`;
      const merged = run ? ' (until the run ends, when its tasks\' results are merged into one file)' : '';
      messages.push({
        kind: 'log',
        title,
        bodyLines: [
          ...summaryLines(outcome.benchmarks),
          '',
          `Results: ${relative(context.root, outcome.resultsFile)}${merged}`,
          `Go benchmark format (benchstat): ${relative(context.root, textFileFor(outcome.resultsFile))}`,
          ...(outcome.archived ? [`${outcome.archived} earlier run${outcome.archived === 1 ? '' : 's'} moved to ${relative(context.root, join(request.profileFolder, 'history'))}/`] : []),
          ...(outcome.logFile ? [`All of go test's output: ${outcome.logFile}`] : []),
        ],
      });
      warnings.push(appendStepSummary(summaryMarkdown(title, outcome.benchmarks)));
    }
    if (outcome.countedByRunner && outcome.benchmarks.length > 0) {
      const count = outcome.benchmarks.length;
      messages.push({
        kind: 'log',
        title: `${count} benchmark${count === 1 ? '' : 's'} of ${projectName} counted with ${outcome.goVersion} under the valgrind this task runs in`,
        bodyLines: [
          ...outcome.benchmarks.map((b) => b.uri),
          '',
          'That valgrind (CodSpeed\'s runner, in simulation mode) holds their counts: one callgrind dump per benchmark URI, of one iteration, in its output files.',
          'No results file is written.',
        ],
      });
    }
    if (request.baseline && baseline && outcome.resultsFile) {
      const { comparison, error } = compareWithBaseline(request.baseline, baseline, request.mode, outcome.benchmarks);
      messages.push(
        comparison
          ? { kind: 'log', title: `${projectName} against ${comparison.base}`, bodyLines: comparisonLines(comparison).slice(1) }
          : { kind: 'log', title: `No benchmark of ${projectName} is in the baseline ${relative(context.root, request.baseline.path) || '.'}: nothing to compare.`, bodyLines: [] },
      );
      if (comparison) warnings.push(appendStepSummary(comparisonMarkdown(comparison)));
      if (error && !outcome.error) outcome.error = error;
    }
    for (const warning of warnings) if (warning) messages.push({ kind: 'log', title: warning, bodyLines: [] });
    if (outcome.error) {
      const log = outcome.logFile && !outcome.resultsFile ? [`All of go test's output: ${outcome.logFile}`] : [];
      messages.push({ kind: 'error', title: outcome.error.title, bodyLines: [...outcome.error.bodyLines, ...log] });
    }
    return { success: !outcome.error, messages };
  } catch (error) {
    if (error instanceof BenchError) {
      return { success: false, messages: [{ kind: 'error', title: error.title, bodyLines: error.bodyLines }] };
    }
    throw error;
  }
}

/** Prints messages with @nx/devkit's output helpers, as the executor and the command line do. */
export function printMessages(messages: Message[]): void {
  for (const message of messages) output[message.kind]({ title: message.title, bodyLines: message.bodyLines });
}

/** A message as plain text, for batch results that Nx prints per task. */
export function messageText(message: Message): string {
  return [`${message.kind === 'error' ? 'ERROR: ' : ''}${message.title}`, ...message.bodyLines.map((l) => `  ${l}`)].join('\n') + '\n';
}
