import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContext } from './build-constraints';
import { benchmarkFunctions, fileIsBuilt } from './go-source';

/** Folders the go command never treats as packages of the module. */
export function skippedDir(name: string): boolean {
  return name === 'vendor' || name === 'testdata' || name === 'node_modules' || name.startsWith('.') || name.startsWith('_');
}

/**
 * Whether a Go module declares at least one benchmark that go test would
 * build in ctx: a `func BenchmarkXxx(b *testing.B)` in a `_test.go` file of
 * any of its packages, nested modules, vendor and testdata excluded. It
 * reads files only, runs no go command, and stops at the first benchmark.
 */
export function moduleHasBenchmarks(moduleDir: string, ctx: BuildContext): boolean {
  const pending = [moduleDir];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isFile() && entry.name.endsWith('_test.go')) {
        const src = readFileSync(join(dir, entry.name), 'utf8');
        if (fileIsBuilt(entry.name, src, ctx) && benchmarkFunctions(src).length > 0) return true;
      }
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !skippedDir(entry.name) && !existsSync(join(dir, entry.name, 'go.mod'))) {
        pending.push(join(dir, entry.name));
      }
    }
  }
  return false;
}
