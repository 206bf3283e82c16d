import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { mergeResults } from '../../results/merge';
import { walltimeResults, writeResults, type ResultsBenchmark } from '../../results/walltime';
import { mergeEnvironments, writeEnvironment, type GoEnvironment } from '../../codspeed/environment';
import type { BenchExecutorOptions } from './schema';
import { endOfTask, runOf } from './run-tasks';
import { messageText, runBenchTask } from './task';

interface BatchResult {
  task: string;
  result: { success: boolean; terminalOutput: string };
}

/**
 * The batch form of `bench` (nx --batch): one process runs every bench task.
 * Tasks start together, so their compilations overlap; the measurement lock
 * then lets one benchmark binary measure at a time. Each task's output is
 * kept apart and returned with its result. The process keeps one results
 * file per profile folder and adds every task's benchmarks to it as the
 * task finishes, so a failing task never costs the others their results;
 * likewise one environment-<pid>.json, whose values are those of every
 * task (see mergeEnvironments).
 */
export default async function* benchBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, BenchExecutorOptions>,
  _overrides: BenchExecutorOptions,
  context: ExecutorContext,
): AsyncGenerator<BatchResult> {
  const collected = new Map<string, { benchmarks: ResultsBenchmark[]; text: string; environments: GoEnvironment[]; file?: string }>();
  const saveResults = (profileFolder: string, benchmarks: ResultsBenchmark[], text: string, environment: GoEnvironment) => {
    const key = resolve(profileFolder);
    const before = collected.get(key) ?? { benchmarks: [], text: '', environments: [] };
    const merged = {
      benchmarks: mergeResults([walltimeResults(before.benchmarks), walltimeResults(benchmarks)]).benchmarks,
      text: before.text + text,
      environments: [...before.environments, environment],
    };
    const file = writeResults(profileFolder, walltimeResults(merged.benchmarks), merged.text, before.file);
    writeEnvironment(file, mergeEnvironments(merged.environments));
    collected.set(key, { ...merged, file });
    return file;
  };

  const ids = Object.keys(inputs);
  const limit = Math.max(1, Math.min(ids.length, availableParallelism()));
  const done: BatchResult[] = [];
  let wake: (() => void) | undefined;
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      const log = new TaskLog();
      const echo = { stdout: (t: string) => log.add(t), stderr: (t: string) => log.add(t) };
      const run = runOf(context, id);
      let result: BatchResult['result'];
      try {
        const outcome = await runBenchTask(inputs[id], taskGraph.tasks[id].target.project, context, { echo, saveResults }, run);
        result = { success: outcome.success, terminalOutput: log.text() + outcome.messages.map(messageText).join('') };
      } catch (error) {
        result = { success: false, terminalOutput: `${log.text()}${(error as Error).stack ?? error}\n` };
      }
      const ending = run ? endOfTask(run, context.root) : [];
      result.terminalOutput += ending.map(messageText).join('');
      if (ending.some((m) => m.kind === 'error')) result.success = false;
      done.push({ task: id, result });
      wake?.();
    }
  };
  const workers = Promise.all(Array.from({ length: limit }, worker));
  let finished = false;
  void workers.then(() => {
    finished = true;
    wake?.();
  });
  let yielded = 0;
  while (yielded < ids.length) {
    if (done.length > yielded) {
      yield done[yielded++];
      continue;
    }
    if (finished) break;
    await new Promise<void>((r) => (wake = r));
  }
  for (const id of ids.filter((id) => !done.some((d) => d.task === id))) {
    yield { task: id, result: { success: false, terminalOutput: `nx-go-bench: ${id} did not run\n` } };
  }
}

/**
 * A task's go test output as Nx will print it after the task: its first and
 * last keptBytes, and a line saying how much of the middle was left out, so
 * that a benchmark printing 100 MB neither fills this process's memory nor
 * pushes go test's result lines out of what Nx shows.
 */
class TaskLog {
  static readonly keptBytes = 512 * 1024;
  private head = '';
  private tail = '';
  private dropped = 0;

  add(text: string): void {
    const room = TaskLog.keptBytes - this.head.length;
    if (room > 0) {
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    this.tail += text;
    if (this.tail.length > 2 * TaskLog.keptBytes) {
      this.dropped += this.tail.length - TaskLog.keptBytes;
      this.tail = this.tail.slice(-TaskLog.keptBytes);
    }
  }

  text(): string {
    if (this.dropped === 0) return this.head + this.tail;
    return `${this.head}\n[nx-go-bench: ${this.dropped} characters of go test output left out here]\n${this.tail}`;
  }
}
