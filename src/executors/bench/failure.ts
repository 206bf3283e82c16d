import { goProblem, type ProblemContext } from '../../go/problems';
import type { GoRunResult } from '../../go/run';
import type { KilledBinary } from '../../results/raw-record';
import { BenchError } from '../../utils/bench-error';
import type { BenchRequest } from './normalize';

const maxLines = 30;

/**
 * Explains a go test run that exited non-zero, naming what failed: the
 * packages that do not compile, the benchmarks that failed (b.Fatal,
 * b.Error), or the benchmark that panicked and took its binary down.
 */
export function explainTestFailure(
  request: Pick<BenchRequest, 'projectName'>,
  run: Pick<GoRunResult, 'stdout' | 'stderr' | 'exitCode'>,
  completed: number,
  unfinished: string[] = [],
  problems?: ProblemContext,
  killed: KilledBinary[] = [],
): BenchError {
  const output = `${run.stdout}\n${run.stderr}`;
  const kept =
    completed > 0
      ? `${completed} benchmark${completed === 1 ? '' : 's'} completed and ${completed === 1 ? 'its' : 'their'} results were written.`
      : 'No benchmark completed, so no results were written.';
  const problem = problems && goProblem(run.stderr, problems);
  if (problem) return new BenchError(`${request.projectName}: ${problem.title}`, [...problem.bodyLines, kept]);

  if (killed.length > 0) {
    const oom = killed.filter((k) => k.outOfMemory);
    return new BenchError(
      oom.length > 0
        ? `${request.projectName}: ${oom.map((k) => k.benchmark).join(', ')} ran out of memory.`
        : `${request.projectName}: the test binary running ${killed.map((k) => k.benchmark).join(', ')} was killed.`,
      [
        ...killed.map((k) =>
          k.outOfMemory
            ? `${k.benchmark}: the kernel's out-of-memory killer ended its test binary (${k.signal}).`
            : `${k.benchmark}: its test binary was ended by ${k.signal}, from outside it.`,
        ),
        ...(oom.length > 0 ? ['Give the machine (or its container) more memory, or make the benchmark hold less.'] : []),
        kept,
      ],
    );
  }

  const broken = [...output.matchAll(/^FAIL\s+(\S+) \[(build|setup) failed\]/gm)].map((m) => m[1]);
  if (broken.length > 0) {
    const errors = run.stderr.split('\n').filter((l) => l.trim() !== '' && !/^FAIL\b/.test(l));
    return new BenchError(`${request.projectName}: ${broken.join(', ')} does not build.`, [
      ...errors.slice(0, maxLines),
      kept,
    ]);
  }

  const failed = [...run.stdout.matchAll(/^\s*--- FAIL: (\S+)\n((?:(?: {4}|\t).*\n?)*)/gm)];
  const panic = /^(?:(Benchmark\S*)\s+)?panic: (.*)$/m.exec(output);
  const lines: string[] = [];
  for (const [, name, details] of failed) {
    lines.push(`${name} failed:`, ...details.split('\n').filter(Boolean).slice(0, 5));
  }
  const panicked = panic ? (panic[1] ?? lastStartedBenchmark(run.stdout.slice(0, panic.index)) ?? 'a benchmark') : undefined;
  if (panic) lines.push(`${panicked} panicked: ${panic[2]}`);
  // A binary that ends with os.Exit (or log.Fatal) prints only go test's "exit status N".
  const exited = failed.length === 0 && !panic ? /^exit status (\d+)$/m.exec(output) : null;
  const exitedIn = exited ? unfinished : [];
  for (const name of exitedIn) {
    lines.push(`${name} ended its test binary with exit status ${exited![1]} before it finished (os.Exit or log.Fatal in the benchmark?).`);
  }
  if (lines.length === 0) {
    lines.push(...output.split('\n').filter((l) => l.trim() !== '').slice(-maxLines));
  }
  const names = [...failed.map((m) => m[1]), ...(panicked ? [panicked] : []), ...exitedIn];
  return new BenchError(
    names.length > 0
      ? `${request.projectName}: ${names.join(', ')} failed.`
      : `${request.projectName}: go test exited with code ${run.exitCode}.`,
    [...lines, kept],
  );
}

function lastStartedBenchmark(stdout: string): string | undefined {
  const names = [...stdout.matchAll(/^(Benchmark\S*)\s/gm)];
  return names.length > 0 ? names[names.length - 1][1] : undefined;
}
