/**
 * An error the user can act on: a title naming the option, file or benchmark
 * at fault, and body lines that say what to do. Executors print it with
 * `output.error` and fail the task instead of printing a stack trace.
 */
export class BenchError extends Error {
  constructor(
    readonly title: string,
    readonly bodyLines: string[] = [],
  ) {
    super([title, ...bodyLines].join('\n'));
    this.name = 'BenchError';
  }
}
