import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchErrorOf } from '../spec-support/bench-error';
import { appendStepSummary, writeOutputFile } from './output-file';

describe('writeOutputFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outputs-'));

  it('writes the file', () => {
    writeOutputFile(join(dir, 'a.md'), 'x', 'from --markdown');
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('x');
  });

  it.each([
    ['a folder', () => (mkdirSync(join(dir, 'f'), { recursive: true }), join(dir, 'f')), 'it is a folder'],
    ['a missing folder', () => join(dir, 'missing', 'a.html'), `the folder ${join(dir, 'missing')} does not exist`],
    ['a full disk', () => '/dev/full', 'the disk is full'],
  ])('names the flag and the cause for %s', (_, path, why) => {
    const target = path();
    expect(benchErrorOf(() => writeOutputFile(target, 'x', 'from --html')).title).toBe(`Cannot write ${target} (from --html): ${why}.`);
  });
});

describe('appendStepSummary', () => {
  it('returns a warning, and throws nothing, where the summary cannot be written', () => {
    expect(appendStepSummary('x', { GITHUB_STEP_SUMMARY: '/dev/full' })).toBe(
      "nx-go-bench: warning: cannot append to GITHUB_STEP_SUMMARY (/dev/full): the disk is full; the run's results are in their files all the same.",
    );
    expect(appendStepSummary('x', {})).toBeUndefined();
  });
});
