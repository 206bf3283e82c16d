import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execCommand } from './exec-launcher';
import { quoteFields } from './test-args';

describe('execCommand', () => {
  it('starts a wrapper whose path holds both quotes through a launcher go can take', () => {
    const cache = mkdtempSync(join(tmpdir(), 'launcher-'));
    const wrapper = `/ws/it's "x"/node_modules/nx-go-bench/dist/go/exec-wrapper.js`;
    const command = execCommand(wrapper, cache, '/usr/bin/node');
    expect(command[0]).toBe('/usr/bin/node');
    expect(() => quoteFields(command)).not.toThrow();
    expect(readFileSync(command[1], 'utf8')).toBe(`require(${JSON.stringify(wrapper)});\n`);
    expect(execCommand(wrapper, cache, '/usr/bin/node')).toEqual(command);
  });

  it('refuses a cache folder holding both quotes, naming the option', () => {
    expect(() => execCommand('/w.js', join(tmpdir(), `a'b"c`), '/usr/bin/node')).toThrow(/holds both ' and "[\s\S]*option "cacheDir"/);
  });
});
