import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { writeFailure as reason } from '../fs/write-failure';
import { BenchError } from '../utils/bench-error';

/**
 * Writes a report the user asked for (`--html`, `--markdown`); a file that
 * cannot be written is an error naming the flag or option it came from.
 */
export function writeOutputFile(path: string, content: string, source: string): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    writeFileSync(path, content);
  } catch (error) {
    throw new BenchError(`Cannot write ${path} (${source}): ${reason(path, error as NodeJS.ErrnoException)}.`, [
      'Choose a file in a folder that exists and that you can write to.',
    ]);
  }
}

/**
 * Appends Markdown to $GITHUB_STEP_SUMMARY, where GitHub Actions shows it
 * on the run's page. A summary that cannot be written fails nothing: it
 * returns the warning to print, the results being in their files.
 */
export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return undefined;
  try {
    appendFileSync(file, markdown);
    return undefined;
  } catch (error) {
    return `nx-go-bench: warning: cannot append to GITHUB_STEP_SUMMARY (${file}): ${reason(file, error as NodeJS.ErrnoException)}; the run's results are in their files all the same.`;
  }
}
