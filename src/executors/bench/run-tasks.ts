import type { ExecutorContext, Task } from '@nx/devkit';
import { relative, resolve } from 'node:path';
import { endTask, hookReachesTerminal, mergeRun, outcomeLine, runDirVariable, runOutcomes } from '../../results/run-registry';
import { BenchError } from '../../utils/bench-error';
import { normalizeOutput, type BenchRequest } from './normalize';
import type { BenchExecutorOptions } from './schema';
import type { Message } from './task';

/** A task and the other bench tasks of its Nx run, from the task graph Nx hands every executor. */
export interface RunTasks {
  /** The run folder (see run-registry). */
  dir: string;
  /** The task's own id, `project:target[:configuration]`. */
  self: string;
  /** Every task of the run whose target runs this executor, self among them. */
  bench: Task[];
}

type GraphContext = Pick<ExecutorContext, 'taskGraph' | 'projectsConfigurations'>;

/**
 * The run of task self, or undefined outside a run of the plugin's hooks
 * (the plugin is not in nx.json's plugins, or the command line runs it).
 */
export function runOf(context: GraphContext, self: string | undefined): RunTasks | undefined {
  const dir = process.env[runDirVariable];
  const tasks = context.taskGraph?.tasks;
  if (!dir || !tasks || !self || !tasks[self]) return undefined;
  const executor = executorOf(tasks[self], context);
  return { dir, self, bench: Object.values(tasks).filter((task) => executorOf(task, context) === executor) };
}

/** The id of the task an executor context is for, found in its task graph. */
export function ownTaskId(context: Pick<ExecutorContext, 'taskGraph' | 'projectName' | 'targetName' | 'configurationName'>): string | undefined {
  return Object.values(context.taskGraph?.tasks ?? {}).find(
    ({ target }) =>
      target.project === context.projectName && target.target === context.targetName && (target.configuration ?? undefined) === (context.configurationName ?? undefined),
  )?.id;
}

function executorOf(task: Task, context: GraphContext): string | undefined {
  return context.projectsConfigurations?.projects[task.target.project]?.targets?.[task.target.target]?.executor;
}

/** A task's options as Nx resolves them: the target's, its configuration's, then the command line's. */
function optionsOf(task: Task, context: GraphContext): BenchExecutorOptions {
  const target = context.projectsConfigurations?.projects[task.target.project]?.targets?.[task.target.target];
  const configuration = task.target.configuration ? target?.configurations?.[task.target.configuration] : undefined;
  return { ...target?.options, ...configuration, ...task.overrides } as BenchExecutorOptions;
}

/**
 * Refuses, before anything is measured, a run whose bench tasks would
 * write results of different modes into one profile folder: they could not
 * be merged into one results file, nor compared. Every such task fails
 * with the same message. A task whose options do not even normalize is
 * left to fail on its own.
 */
export function checkOneModePerFolder(request: BenchRequest, run: RunTasks, context: GraphContext, env: NodeJS.ProcessEnv): void {
  const others: string[] = [];
  for (const task of run.bench) {
    if (task.id === run.self) continue;
    let output: ReturnType<typeof normalizeOutput>;
    try {
      output = normalizeOutput(optionsOf(task, context), env);
    } catch {
      continue;
    }
    if (resolve(request.workspaceRoot, output.profileFolder.value) === request.profileFolder && output.mode.value !== request.mode) {
      others.push(`${task.id} (${output.mode.value})`);
    }
  }
  if (others.length === 0) return;
  const folder = relative(request.workspaceRoot, request.profileFolder) || '.';
  throw new BenchError(`${run.self} measures in ${request.mode} mode, and other tasks of this run write other modes' results into the same profile folder, ${folder}.`, [
    ...others,
    'Results of different modes cannot be merged into one results file, nor compared.',
    'Give each mode its own profile folder (option "profileFolder"), or run each mode in its own nx command.',
  ]);
}

/**
 * Marks the task as ended and, if it is the last bench task of its run to
 * end, merges the run's results. The merge's outcome is printed by the
 * postTasksExecution hook after the last task where the hook's output
 * reaches the terminal; where it runs in the Nx daemon, whose output goes
 * to the daemon's log, this task says it instead.
 */
export function endOfTask(run: RunTasks, workspaceRoot: string): Message[] {
  if (!endTask(run.dir, run.self, run.bench.map((t) => t.id))) return [];
  try {
    mergeRun(run.dir);
  } catch (error) {
    if (!(error instanceof BenchError)) throw error;
    return [{ kind: 'error', title: `nx-go-bench: the results of this run were not merged. ${error.title}`, bodyLines: ['Each task kept its own results file.', ...error.bodyLines] }];
  }
  if (hookReachesTerminal(run.dir)) return [];
  return runOutcomes(run.dir).map((outcome) => ({ kind: 'log', ...outcomeLine(outcome, workspaceRoot) }));
}
