import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError } from '../utils/bench-error';

/**
 * The program and arguments to give go test -exec so that it runs wrapper
 * with node. go splits -exec into words at spaces and lets single or double
 * quotes group them, with no escapes, so a path holding both kinds of quote
 * (a workspace in a folder named `it's "x"`, say) cannot be passed. The
 * wrapper is therefore started through a one-line launcher in the cache
 * folder, named by a hash of the wrapper's path, which requires it by a
 * JavaScript string literal.
 */
export function execCommand(wrapper: string, cacheRoot: string, node = process.execPath): string[] {
  const launcher = join(cacheRoot, 'exec', `${createHash('sha256').update(wrapper).digest('hex').slice(0, 16)}.js`);
  for (const [path, what] of [
    [launcher, 'option "cacheDir" (or NX_GO_BENCH_CACHE_DIR)'],
    [node, 'the path of node'],
  ]) {
    if (path.includes("'") && path.includes('"')) {
      throw new BenchError(`Cannot run benchmarks through ${path}: it holds both ' and ", which go test -exec cannot take.`, [
        `Choose a path without one of them for ${what}.`,
      ]);
    }
  }
  if (!existsSync(launcher)) {
    mkdirSync(join(cacheRoot, 'exec'), { recursive: true });
    const temp = `${launcher}.${process.pid}.tmp`;
    writeFileSync(temp, `require(${JSON.stringify(wrapper)});\n`);
    renameSync(temp, launcher);
  }
  return [node, launcher];
}
