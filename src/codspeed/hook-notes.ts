import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files test binaries leave in the record folder about the CodSpeed
 * runner (see overlay/testing/nxgobench_hooks.go): `runner-off` holds why
 * the first binary to lose the runner stopped talking to it, and tells the
 * later ones not to try; `runner-notes` holds one line per benchmark the
 * runner could not be told of. A binary writes them rather than printing,
 * since go test would print them in the middle of a benchmark's line.
 */
export function hookNotes(recordFolder: string): string[] {
  const off = read(join(recordFolder, 'runner-off')).trim();
  const notes = read(join(recordFolder, 'runner-notes')).split('\n').filter(Boolean);
  return [
    ...(off ? [`nx-go-bench: CodSpeed runner: ${off}. The benchmarks were measured as usual, but not profiled from then on.`] : []),
    ...notes.map((note) => `nx-go-bench: CodSpeed runner: ${note}`),
  ];
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
