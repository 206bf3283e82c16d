import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeLeftoverRecords } from './leftovers';

describe('removeLeftoverRecords', () => {
  it('removes the folders of runs that ended, naming them, and keeps those of runs still going', () => {
    const profile = mkdtempSync(join(tmpdir(), 'leftovers-'));
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const deadDir = join(profile, 'raw', `${dead}-abc123`);
    const liveDir = join(profile, 'raw', `${process.pid}-def456`);
    mkdirSync(deadDir, { recursive: true });
    mkdirSync(liveDir, { recursive: true });
    writeFileSync(join(deadDir, `${dead}-1.json`), '{}');
    writeFileSync(join(deadDir, `${dead}-2.json`), '{}');
    const lines = removeLeftoverRecords(profile);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^nx-go-bench: removed raw/${dead}-abc123, left by run ${dead} \\(started .* UTC\\) that ended before writing its results; it held 2 benchmark records$`));
    expect(existsSync(deadDir)).toBe(false);
    expect(existsSync(liveDir)).toBe(true);
    expect(removeLeftoverRecords(join(profile, 'none'))).toEqual([]);
  });
});
