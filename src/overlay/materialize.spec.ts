import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheLayout } from '../go/env';
import type { GoToolchain } from '../go/toolchain';
import { materializeOverlay } from './materialize';

function fakeGoroot(benchmarkGo: string): string {
  const goroot = mkdtempSync(join(tmpdir(), 'goroot-'));
  mkdirSync(join(goroot, 'src', 'testing'), { recursive: true });
  writeFileSync(join(goroot, 'src', 'testing', 'benchmark.go'), benchmarkGo);
  return goroot;
}

const upstream =
  'package testing\n\nfunc (b *B) runN(n int) {\n\truntime.GC()\n}\n\nfunc (b *B) launch() {\n}\n\nfunc (b *B) stopOrScaleBLoop() bool {\n\treturn false\n}\n\nfunc (b *B) loopSlowPath() bool {\n\treturn false\n}\n\nfunc (b *B) RunParallel(body func(*PB)) {\n}\n\nfunc (b *B) StartTimer() {\n}\n\nfunc (b *B) StopTimer() {\n}\n\nfunc (b *B) ResetTimer() {\n}\n';

function toolchain(goroot: string, version = 'go1.26.8'): GoToolchain {
  return { goBin: join(goroot, 'bin', 'go'), goroot, version, userModCache: '', userProxy: '', userFlags: '', env: {} };
}

describe('materializeOverlay', () => {
  it('writes the patched file, our files and an overlay.json mapping GOROOT paths to them', () => {
    const goroot = fakeGoroot(upstream);
    const cache = cacheLayout(mkdtempSync(join(tmpdir(), 'cache-')));
    const overlay = materializeOverlay(toolchain(goroot), cache);
    expect(overlay.dir.startsWith(join(cache.overlays, 'go1.26.8-'))).toBe(true);
    const replace = JSON.parse(readFileSync(overlay.overlayJson, 'utf8')).Replace as Record<string, string>;
    expect(Object.keys(replace).sort()).toEqual(
      [
        'benchmark.go',
        'nxgobench_hooks.go',
        'nxgobench_loop.go',
        'nxgobench_loop_pre126.go',
        'nxgobench_memory.go',
        'nxgobench_pad.go',
        'nxgobench_parallel.go',
        'nxgobench_proto.go',
        'nxgobench_record.go',
        'nxgobench_rounds.go',
        'nxgobench_runner.go',
        'nxgobench_runner_linux.go',
        'nxgobench_runner_other.go',
        'nxgobench_simulate.go',
        'nxgobench_valgrind.go',
        'nxgobench_valgrind_amd64.s',
        'nxgobench_valgrind_arm64.s',
        'nxgobench_valgrind_asm.go',
        'nxgobench_valgrind_other.go',
        'nxgobench_valgrind_tid_linux.go',
        'nxgobench_valgrind_tid_linux_amd64.s',
        'nxgobench_valgrind_tid_linux_arm64.s',
        'nxgobench_valgrind_tid_other.go',
      ].map((f) =>
        join(goroot, 'src', 'testing', f),
      ),
    );
    expect(overlay.padded).toHaveLength(4);
    expect(overlay.padded[0]).toBe(overlay.overlayJson);
    overlay.padded.forEach((file, pads) => {
      const padFile = JSON.parse(readFileSync(file, 'utf8')).Replace[join(goroot, 'src', 'testing', 'nxgobench_pad.go')];
      expect(readFileSync(padFile, 'utf8').match(/^func benchPad/gm) ?? []).toHaveLength(pads);
    });
    expect(readdirSync(overlay.layoutDir).sort()).toEqual(['go.mod', 'probe_test.go']);
    expect(readFileSync(replace[join(goroot, 'src', 'testing', 'benchmark.go')], 'utf8')).toContain(
      'func (b *B) runN(n int) { b.beforeRunN(n); defer b.ranN()',
    );
    expect(readdirSync(overlay.preflightDir).sort()).toEqual(['go.mod', 'main.go']);
    expect(readdirSync(cache.staging)).toEqual([]);
  });

  it('reuses the folder for the same content and makes a new one when the upstream file changes', () => {
    const goroot = fakeGoroot(upstream);
    const cache = cacheLayout(mkdtempSync(join(tmpdir(), 'cache-')));
    const first = materializeOverlay(toolchain(goroot), cache);
    expect(materializeOverlay(toolchain(goroot), cache).dir).toBe(first.dir);
    writeFileSync(join(goroot, 'src', 'testing', 'benchmark.go'), upstream + '// changed\n');
    const second = materializeOverlay(toolchain(goroot), cache);
    expect(second.dir).not.toBe(first.dir);
    expect(materializeOverlay(toolchain(goroot, 'go1.27.3'), cache).dir).not.toBe(second.dir);
    expect(readdirSync(cache.overlays)).toHaveLength(3);
  });

  it.each([
    ['a file deleted', (file: string) => rmSync(file)],
    ['a file cut short', (file: string) => writeFileSync(file, readFileSync(file, 'utf8').slice(0, 100))],
  ])('repairs an overlay in the cache with %s, in the same folder', (_, damage) => {
    const goroot = fakeGoroot(upstream);
    const cache = cacheLayout(mkdtempSync(join(tmpdir(), 'cache-')));
    const first = materializeOverlay(toolchain(goroot), cache);
    const file = join(first.dir, 'testing', 'nxgobench_rounds.go');
    const content = readFileSync(file, 'utf8');
    damage(file);
    const again = materializeOverlay(toolchain(goroot), cache);
    expect(again.dir).toBe(first.dir);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(readdirSync(cache.overlays)).toHaveLength(1);
    expect(readdirSync(cache.staging)).toEqual([]);
  });

  it('leaves nothing behind when an anchor does not match', () => {
    const goroot = fakeGoroot('package testing\n');
    const cache = cacheLayout(mkdtempSync(join(tmpdir(), 'cache-')));
    expect(() => materializeOverlay(toolchain(goroot, 'go1.99.0'), cache)).toThrow(/go1\.99\.0.*runN/);
    expect(() => readdirSync(cache.overlays)).toThrow();
  });

  it('refuses a GOROOT without sources', () => {
    const goroot = mkdtempSync(join(tmpdir(), 'goroot-'));
    const cache = cacheLayout(mkdtempSync(join(tmpdir(), 'cache-')));
    expect(() => materializeOverlay(toolchain(goroot), cache)).toThrow('Cannot read');
  });

  it('refuses to shadow a file that the Go release already has', () => {
    const goroot = fakeGoroot(upstream);
    writeFileSync(join(goroot, 'src', 'testing', 'nxgobench_rounds.go'), 'package testing\n');
    const cache = cacheLayout(mkdtempSync(join(tmpdir(), 'cache-')));
    expect(() => materializeOverlay(toolchain(goroot), cache)).toThrow('a file of that name already exists');
  });
});
