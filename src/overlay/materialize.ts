import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { endedEntries } from '../fs/ended-entries';
import { dirname, join } from 'node:path';
import type { CacheLayout } from '../go/env';
import type { GoToolchain } from '../go/toolchain';
import { BenchError } from '../utils/bench-error';
import { packageRoot, pluginVersion } from '../utils/package';
import { applyEdits, benchmarkEdits } from './anchors';
import { maxPads, padFile, padSource } from './layout';

/** A generated overlay, ready for `go test -overlay`. */
export interface Overlay {
  /** Content-addressed folder holding every generated file. */
  dir: string;
  /** The file to pass as -overlay. */
  overlayJson: string;
  /** A tiny module that imports the patched testing package, for the preflight build. */
  preflightDir: string;
  /** A module whose benchmarks show where the patch moves code (see layout.ts). */
  layoutDir: string;
  /** The -overlay file of each pad variant, by number of pads; the first is overlayJson. */
  padded: string[];
}

/** Where the Go sources of the overlay live inside the installed package. */
export const overlaySources = join(packageRoot, 'overlay');

interface SourceFile {
  /** Path inside the overlay folder, with forward slashes. */
  path: string;
  content: string;
}

/**
 * Generates the overlay for this toolchain from its own testing/benchmark.go
 * and the plugin's Go files, in a folder named by the hash of everything
 * that goes into it. The folder is written under a temporary name and
 * renamed into place, so concurrent runs and interrupted runs never see a
 * partial overlay; a folder already in place is reused as it is, which keeps
 * the compiled testing package in the build cache valid between runs.
 */
export function materializeOverlay(go: GoToolchain, cache: CacheLayout, sources = overlaySources): Overlay {
  const testingDir = join(go.goroot, 'src', 'testing');
  const upstreamPath = join(testingDir, 'benchmark.go');
  let upstream: string;
  try {
    upstream = readFileSync(upstreamPath, 'utf8');
  } catch {
    throw new BenchError(`Cannot read ${upstreamPath} of ${go.version}.`, [
      'nx-go-bench patches the Go sources installed with the toolchain; this GOROOT has none.',
    ]);
  }
  const added = listSourceFiles(join(sources, 'testing'));
  for (const file of [...added, padFile]) {
    if (existsSync(join(testingDir, file))) {
      throw new BenchError(`Cannot add ${file} to package testing of ${go.version}: a file of that name already exists in ${testingDir}.`);
    }
  }
  const files: SourceFile[] = [
    { path: 'testing/benchmark.go', content: applyEdits(upstream, benchmarkEdits(go.version), go.version, 'testing/benchmark.go') },
    ...added.map((file) => ({ path: `testing/${file}`, content: readFileSync(join(sources, 'testing', file), 'utf8') })),
    ...['preflight', 'layout'].flatMap((module) =>
      readdirSync(join(sources, module))
        .sort()
        .map((file) => ({ path: `${module}/${file}`, content: readFileSync(join(sources, module, file), 'utf8') })),
    ),
    ...Array.from({ length: maxPads + 1 }, (_, pads) => ({ path: `pads/${pads}/${padFile}`, content: padSource(pads) })),
  ];
  const key = overlayKey(go, files);
  const dir = join(cache.overlays, key);
  const padded = Array.from({ length: maxPads + 1 }, (_, pads) => join(dir, pads === 0 ? 'overlay.json' : `overlay-pads${pads}.json`));
  const overlay: Overlay = {
    dir,
    overlayJson: padded[0],
    preflightDir: join(dir, 'preflight'),
    layoutDir: join(dir, 'layout'),
    padded,
  };
  const replace: Record<string, string> = {};
  for (const file of files.filter((f) => f.path.startsWith('testing/'))) {
    replace[join(go.goroot, 'src', file.path)] = join(dir, file.path);
  }
  padded.forEach((file, pads) => {
    const withPads = { ...replace, [join(go.goroot, 'src', 'testing', padFile)]: join(dir, 'pads', String(pads), padFile) };
    files.push({ path: file.slice(dir.length + 1), content: JSON.stringify({ Replace: withPads }, null, 2) + '\n' });
  });

  if (intact(dir, files)) return overlay;
  if (existsSync(dir)) setAside(dir, cache);

  mkdirSync(cache.staging, { recursive: true });
  mkdirSync(cache.overlays, { recursive: true });
  removeDeadStages(cache);
  const stage = mkdtempSync(join(cache.staging, `overlay-${process.pid}-`));
  try {
    for (const file of files) {
      const target = join(stage, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    renameSync(stage, dir);
  } catch (error) {
    rmSync(stage, { recursive: true, force: true });
    // Another run may have put the same content in place first.
    if (!intact(dir, files)) throw error;
  }
  return overlay;
}

/**
 * Whether dir holds every file with exactly its content. The folder's name
 * is the hash of that content, so this checks it against its hash: a file
 * deleted or cut short in the cache (a full disk, a person) would otherwise
 * make every run fail, as if package testing did not build with this Go.
 */
function intact(dir: string, files: SourceFile[]): boolean {
  return files.every((file) => {
    try {
      return readFileSync(join(dir, file.path), 'utf8') === file.content;
    } catch {
      return false;
    }
  });
}

/** Removes what runs killed while writing an overlay left in the staging folder. */
function removeDeadStages(cache: CacheLayout): void {
  for (const { path } of endedEntries(cache.staging, /^(?:overlay|damaged)-(\d+)-/)) rmSync(path, { recursive: true, force: true });
}

/** Moves a damaged overlay out of the way whole, so no run ever reads it half removed, then removes it. */
function setAside(dir: string, cache: CacheLayout): void {
  mkdirSync(cache.staging, { recursive: true });
  const aside = join(cache.staging, `damaged-${process.pid}-${Date.now()}`);
  try {
    renameSync(dir, aside);
  } catch {
    // Another run set it aside first.
    return;
  }
  rmSync(aside, { recursive: true, force: true });
}

/** The Go and assembly files of dir. */
function listSourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.go') || f.endsWith('.s'))
    .sort();
}

/** The content address: plugin version, toolchain, and every generated file. */
export function overlayKey(go: Pick<GoToolchain, 'version' | 'goroot'>, files: SourceFile[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ plugin: pluginVersion, go: go.version, goroot: go.goroot }));
  for (const file of files) {
    hash.update(`\0${file.path}\0${file.content}`);
  }
  return `${go.version.replace(/[^\w.-]+/g, "_")}-${hash.digest("hex").slice(0, 20)}`;
}
