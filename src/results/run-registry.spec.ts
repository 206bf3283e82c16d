import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRun } from './run-registry';

describe('openRun', () => {
  it('removes the folders of runs whose process ended, and keeps those of runs still going', () => {
    const parent = mkdtempSync(join(tmpdir(), 'runs-'));
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const folder = (name: string, owner?: string) => {
      mkdirSync(join(parent, name));
      if (owner) writeFileSync(join(parent, name, 'owner'), owner);
      return join(parent, name);
    };
    const ended = folder('ended', `${dead} ${Date.now()}`);
    const going = folder('going', `${process.pid} ${Date.now()}`);
    const old = folder('old');
    const day = (Date.now() - 2 * 24 * 3600 * 1000) / 1000;
    utimesSync(old, day, day);
    const recent = folder('recent');
    openRun(join(parent, 'this'));
    expect([ended, going, old, recent].map(existsSync)).toEqual([false, true, false, true]);
    expect(readFileSync(join(parent, 'this', 'owner'), 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+$`));
  });
});
