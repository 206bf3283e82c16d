import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGo } from '../go/run';
import type { GoToolchain } from '../go/toolchain';
import type { Overlay } from './materialize';

/**
 * Code placement.
 *
 * The patched testing package is larger than the standard one, so the code
 * linked after it, the user's benchmarks included, moves. Functions start on
 * boundaries of the linker's function alignment, and where a tight loop sits
 * in a 64-byte line can change its speed: the fixture's BenchmarkSumLoop ran
 * at about 680 ns/op one way and 1350 ns/op the other on this project's test
 * machine. The overlay therefore comes with a few variants that add empty
 * functions to package testing; building a probe package against the
 * standard and the patched package shows how far the code moves, and the
 * variant that moves it by whole lines is the one used.
 */

/** The bytes one empty function takes, by GOARCH: the linker's function alignment. */
const functionRoom: Record<string, number> = { amd64: 32, arm64: 16 };

/** The span whose offset is kept: a cache line on the machines Go targets. */
const lineBytes = 64;

/** The most pads any variant holds: a line of the smallest function room. */
export const maxPads = lineBytes / Math.min(...Object.values(functionRoom)) - 1;

/** The symbol of the probe's benchmark, whose address the two builds compare. */
const probeSymbol = 'layoutprobe.BenchmarkN';

/** The file the pad variants replace in package testing. */
export const padFile = 'nxgobench_pad.go';

/** Source of the pad file with `pads` empty functions. */
export function padSource(pads: number): string {
  const names = Array.from({ length: pads }, (_, i) => `benchPad${i + 1}`);
  return [
    'package testing',
    '',
    '// benchPads lists functions that do nothing and are never called. Each',
    '// takes the room of one function in the binary; nx-go-bench picks how many',
    '// so that the code linked after package testing keeps the offset in its',
    '// cache line that it has in a build with the standard package.',
    pads === 0 ? 'var benchPads []func()' : `var benchPads = []func(){${names.join(', ')}}`,
    ...names.flatMap((name) => ['', `func ${name}() {}`]),
    '',
  ].join('\n');
}

/**
 * How many pads move code that the patch shifted by `shift` bytes back to
 * its offset in a line, given the room one pad takes; undefined when no
 * number of pads up to `max` does.
 */
export function padsFor(shift: number, room: number, max: number): number | undefined {
  const offset = ((shift % lineBytes) + lineBytes) % lineBytes;
  if (offset === 0) return 0;
  const missing = lineBytes - offset;
  if (missing % room !== 0 || missing / room > max) return undefined;
  return missing / room;
}

/** The address of a text symbol in `go tool nm` output. */
export function symbolAddress(nm: string, symbol: string): number | undefined {
  for (const line of nm.split('\n')) {
    const [address, kind, name] = line.trim().split(/\s+/);
    if (name === symbol && kind === 'T') return parseInt(address, 16);
  }
  return undefined;
}

/** What the layout probe found, kept in the overlay folder. */
export interface LayoutRecord {
  goarch: string;
  shift: number | null;
  pads: number;
}

/**
 * Returns the overlay with the pad variant that keeps code placement as in a
 * standard build, probing once per overlay folder and keeping the answer in
 * it. The probe builds with default flags; a GOARCH without a known function
 * alignment, or a probe that does not build, gets no pads.
 */
export async function alignOverlay(go: GoToolchain, overlay: Overlay, env: NodeJS.ProcessEnv): Promise<Overlay> {
  const recordFile = join(overlay.dir, 'layout.json');
  let record = readLayoutRecord(recordFile);
  if (!record) {
    record = await probe(go, overlay, { ...env, GOFLAGS: '-modcacherw', GOWORK: 'off', GO111MODULE: 'on' });
    if (record) keepLayoutRecord(recordFile, record);
  }
  return { ...overlay, overlayJson: overlay.padded[record?.pads ?? 0] };
}

/** The kept choice, or undefined if there is none or it cannot be read: then the probe runs again. */
export function readLayoutRecord(file: string): LayoutRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as LayoutRecord;
    return Number.isInteger(record.pads) && record.pads >= 0 && record.pads <= maxPads ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the choice for later runs, put in place whole. A cache folder that
 * cannot be written to costs only the probe on the next run, so a failure
 * here does not fail this one.
 */
export function keepLayoutRecord(file: string, record: LayoutRecord): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(record) + '\n');
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}

async function probe(go: GoToolchain, overlay: Overlay, env: NodeJS.ProcessEnv): Promise<LayoutRecord | undefined> {
  const arch = await runGo(go, ['env', 'GOARCH'], { cwd: overlay.layoutDir, env });
  if (arch.exitCode !== 0) return undefined;
  const goarch = arch.stdout.trim();
  const room = functionRoom[goarch];
  if (!room) return { goarch, shift: null, pads: 0 };
  const out = mkdtempSync(join(tmpdir(), 'nx-go-bench-layout-'));
  try {
    // The probe's address built against the standard package, or against the variant with `pads` pads.
    const address = async (pads?: number) => {
      const binary = join(out, `probe-${pads ?? 'standard'}.test`);
      const args = ['test', '-c', '-o', binary, ...(pads === undefined ? [] : [`-overlay=${overlay.padded[pads]}`]), '.'];
      if ((await runGo(go, args, { cwd: overlay.layoutDir, env })).exitCode !== 0) return undefined;
      const nm = await runGo(go, ['tool', 'nm', binary], { cwd: overlay.layoutDir, env });
      return nm.exitCode === 0 ? symbolAddress(nm.stdout, probeSymbol) : undefined;
    };
    const standard = await address();
    const patched = await address(0);
    if (standard === undefined || patched === undefined) return undefined;
    const shift = patched - standard;
    const pads = padsFor(shift, room, overlay.padded.length - 1);
    if (!pads) return { goarch, shift, pads: 0 };
    const padded = await address(pads);
    if (padded === undefined) return undefined;
    return { goarch, shift, pads: (padded - standard) % lineBytes === 0 ? pads : 0 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
