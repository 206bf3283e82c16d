import { accessSync, constants, mkdirSync, realpathSync, rmdirSync, statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { BenchError } from '../utils/bench-error';

/** A folder the run will write into, and where its path came from, for messages. */
export interface FolderSetting {
  path: string;
  /** e.g. `option "profileFolder"` or `CODSPEED_PROFILE_FOLDER`. */
  source: string;
  /** How to choose another: `Set option "cacheDir" or NX_GO_BENCH_CACHE_DIR`, say. */
  remedy: string;
}

/** Kernel file systems: no ordinary files live there, and Node's recursive mkdir never returns under /proc. */
const virtualRoots = ['/proc', '/sys'];

/**
 * Makes sure folder exists, is a folder and can be written, before anything
 * else of the run happens. It creates missing levels one at a time, as
 * Node 20's recursive mkdirSync spins forever under /proc, and it turns
 * every failure into a message naming the setting and the cause. It
 * returns the levels it created, outermost first, so that a run that ends
 * up writing nothing can take them away again (see removeEmptyFolders).
 */
export function ensureFolder({ path, source, remedy }: FolderSetting): string[] {
  const fail = (why: string, ...hints: string[]) =>
    new BenchError(`Cannot use ${path} (from ${source}): ${why}.`, [...hints, `${remedy} to a folder you can write to.`]);

  const missing: string[] = [];
  let existing = path;
  while (!exists(existing)) {
    missing.unshift(existing);
    if (dirname(existing) === existing) break;
    existing = dirname(existing);
  }
  const real = realOrSelf(existing);
  const root = virtualRoots.find((r) => real === r || real.startsWith(r + sep));
  if (root) throw fail(`it is under ${root}, a kernel file system that holds no ordinary files`);

  const created: string[] = [];
  for (const level of missing) {
    try {
      mkdirSync(level);
      created.push(level);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && isFolder(level)) continue;
      removeEmptyFolders(created);
      throw fail(explain(code, relative(path, level) === '' ? 'it' : level), `(${(error as Error).message})`);
    }
  }
  if (!isFolder(path)) throw fail('it is a file, not a folder');
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
  } catch {
    throw fail('this user cannot write there');
  }
  return created;
}

/** Removes those of folders (outermost first) that are empty, innermost first. */
export function removeEmptyFolders(folders: string[]): void {
  for (const folder of [...folders].reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      return;
    }
  }
}

function explain(code: string | undefined, what: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `${what} cannot be created: permission denied`;
    case 'EROFS':
      return `${what} cannot be created: the file system is read-only`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `${what} cannot be created: a file stands in its path`;
    case 'ENOSPC':
      return `${what} cannot be created: the disk is full`;
    default:
      return `${what} cannot be created`;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (error) {
    // Below a file, stat says ENOTDIR: the walk goes on up to the file, whose mkdir then explains.
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
