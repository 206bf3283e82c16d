import { basename, resolve } from 'node:path';
import { BenchError } from '../utils/bench-error';

/** What a go problem's message names: the project, and where the cache folder came from. */
export interface ProblemContext {
  projectRoot: string;
  cacheDir: string;
  /** e.g. `option "cacheDir"`. */
  cacheSource: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Recognizes, in the output of any go command of a run, a problem that is
 * not in the options or the code it names: a module that does not load
 * (go.mod, vendor/, go.work), a full disk under the plugin's cache, a
 * temporary folder that go cannot use. Each gets a title naming the file,
 * setting or variable at fault, rather than the step that met it.
 */
export function goProblem(output: string, context: ProblemContext): BenchError | undefined {
  const lines = output.split('\n').filter((l) => l.trim() !== '' && !/^exit status \d+$/.test(l));
  const body = (from: RegExp) => lines.slice(Math.max(0, lines.findIndex((l) => from.test(l)))).slice(0, 15);
  if (/no space left on device/.test(output)) {
    const line = lines.find((l) => /no space left on device/.test(l))!;
    const inCache = line.includes(context.cacheDir);
    return new BenchError(
      inCache
        ? `The disk of the plugin's cache ${context.cacheDir} (from ${context.cacheSource}) is full.`
        : 'go ran out of disk space.',
      [line, inCache ? 'Make room, or set option "cacheDir" or NX_GO_BENCH_CACHE_DIR to a folder on a disk with space.' : 'Make room on the disk named above.'],
    );
  }
  const workDir = /^go: creating work dir: (.*)$/m.exec(output);
  if (workDir) {
    const variable = context.env.GOTMPDIR ? 'GOTMPDIR' : 'TMPDIR';
    return new BenchError(`go cannot make its work folder: ${workDir[1]}.`, [
      `go makes it in ${variable}${context.env[variable] ? ` (${context.env[variable]})` : ''}, which must be a folder that exists and can be written.`,
      `Set ${variable} to such a folder, or unset it.`,
    ]);
  }
  if (/^go: errors parsing (\S*go\.(mod|work)):?/m.test(output)) {
    const file = resolve(context.projectRoot, /^go: errors parsing (\S*go\.(?:mod|work)):?/m.exec(output)![1]);
    return new BenchError(`go cannot read ${file}.`, [...body(/^go: errors parsing/), `Fix ${basename(file)}; go test fails the same way there.`]);
  }
  if (/^go: inconsistent vendoring in /m.test(output)) {
    return new BenchError(`The vendor folder of ${context.projectRoot} does not match its go.mod.`, [
      ...body(/^go: inconsistent vendoring/),
      'go reads vendor/ with -mod=vendor (in GOFLAGS, option "env" or "args"), and by default where a vendor folder exists.',
    ]);
  }
  const outside = /directory prefix \S+ does not contain modules listed in go\.work/.exec(output);
  if (outside) {
    return new BenchError(`${context.projectRoot} is not a module of the go.work that go uses there.`, [
      lines.find((l) => outside && l.includes(outside[0]))!,
      'Add it to go.work (go work use <folder>), or set GOWORK=off in option "env" to benchmark it on its own.',
    ]);
  }
  if (/^go: (updates to go\.mod needed|.*missing go\.sum entry)/m.test(output)) {
    return new BenchError(`The go.mod or go.sum of ${context.projectRoot} is not up to date.`, [
      ...body(/^go: (updates to go\.mod needed|.*missing go\.sum entry)/),
      'Run go mod tidy there, as go test would ask.',
    ]);
  }
  return undefined;
}
