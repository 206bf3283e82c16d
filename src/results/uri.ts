import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

/**
 * The folder that URIs are relative to: the nearest ancestor of start holding
 * `.git` (a folder, or a file in worktrees and submodules), else fallback.
 */
export function findUriRoot(start: string, fallback: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return fallback;
  }
}

/**
 * The source file of a benchmark relative to root, with forward slashes:
 * the package directory's path (see packageDirFromRoot), then the file's
 * name. A binary built with -trimpath knows only a module-relative name,
 * but the benchmark is always declared in the package directory the binary
 * ran in. The test binary builds the same path for the CodSpeed runner
 * from the directory the exec wrapper gives it.
 */
export function benchmarkFile(file: string, packageDir: string, root: string): string {
  const dir = packageDirFromRoot(packageDir, root);
  if (file === '') return dir;
  return dir === '' ? basename(file) : `${dir}/${basename(file)}`;
}

/** A package directory relative to root, both with symbolic links resolved, with forward slashes. */
export function packageDirFromRoot(packageDir: string, root: string): string {
  return relative(real(root), real(packageDir)).split(sep).join('/');
}

/**
 * `BenchmarkX/sub/subsub` becomes `BenchmarkX::sub::subsub`. go test keeps
 * full names unique (a second `a/b` becomes `a/b#01`), and the chain must
 * stay as unique: `b.Run("a::b")` beside `b.Run("a")` holding `b.Run("b")`
 * would both read `a::b`. So a name part that holds `::`, starts or ends
 * with `:`, or holds `%3A` or `%25` (any case) is percent-encoded: `:`
 * becomes `%3A` and `%` becomes `%25`. Every other part, `key:value` and
 * `50%` included, is kept as it is. An encoded part holds no `:` and a
 * `%3A` or `%25`, which a kept part never does, so no two names meet.
 */
export function benchmarkChain(goName: string): string {
  return goName.split('/').map(chainPart).join('::');
}

function chainPart(part: string): string {
  if (!/::|^:|:$|%3a|%25/i.test(part)) return part;
  return part.replace(/%/g, '%25').replace(/:/g, '%3A');
}

export function benchmarkUri(fileFromRoot: string, goName: string): string {
  return `${fileFromRoot}::${benchmarkChain(goName)}`;
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
