import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchErrorOf } from '../spec-support/bench-error';
import { ensureFolder, removeEmptyFolders } from './folder';

describe('ensureFolder', () => {
  const base = mkdtempSync(join(tmpdir(), 'folder-'));
  const file = join(base, 'a-file');
  writeFileSync(file, 'x');

  it('creates missing levels and says which, and removeEmptyFolders takes them away', () => {
    const target = join(base, 'x', 'y', 'z');
    expect(ensureFolder({ path: target, source: 'option "profileFolder"', remedy: 'Set it' })).toEqual([join(base, 'x'), join(base, 'x', 'y'), target]);
    expect(ensureFolder({ path: target, source: 'option "profileFolder"', remedy: 'Set it' })).toEqual([]);
    removeEmptyFolders([join(base, 'x'), join(base, 'x', 'y'), target]);
    expect(existsSync(join(base, 'x'))).toBe(false);
  });

  it.each([
    ['/proc/forbidden', 'option "profileFolder"', 'Cannot use /proc/forbidden (from option "profileFolder"): it is under /proc'],
    ['/proc', 'option "cacheDir"', 'Cannot use /proc (from option "cacheDir"): it is under /proc'],
    ['/sys/kernel/x/y', 'NX_GO_BENCH_CACHE_DIR', 'Cannot use /sys/kernel/x/y (from NX_GO_BENCH_CACHE_DIR): it is under /sys'],
  ])('refuses %s at once', (path, source, title) => {
    expect(benchErrorOf(() => ensureFolder({ path, source, remedy: 'Set it' })).title).toBe(`${title}, a kernel file system that holds no ordinary files.`);
  });

  it('refuses a file, and a path through a file, leaving nothing behind', () => {
    expect(benchErrorOf(() => ensureFolder({ path: file, source: 'CODSPEED_PROFILE_FOLDER', remedy: 'Set it' })).title).toBe(
      `Cannot use ${file} (from CODSPEED_PROFILE_FOLDER): it is a file, not a folder.`,
    );
    expect(benchErrorOf(() => ensureFolder({ path: join(file, 'sub', 'deeper'), source: 'option "cacheDir"', remedy: 'Set it' })).title).toBe(
      `Cannot use ${join(file, 'sub', 'deeper')} (from option "cacheDir"): ${join(file, 'sub')} cannot be created: a file stands in its path.`,
    );
  });
});
