import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { keepLayoutRecord, maxPads, padSource, padsFor, readLayoutRecord, symbolAddress } from './layout';

describe('padsFor', () => {
  it.each([
    [0, 32, 0],
    [16192, 32, 0],
    [16416, 32, 1],
    [-32, 32, 1],
    [64 * 9 + 16, 16, 3],
    [64 * 9 + 48, 16, 1],
    [64 * 9 + 32, 16, 2],
  ])('code moved by %i bytes with %i-byte functions needs %i pads', (shift, room, pads) => {
    expect(padsFor(shift, room, maxPads)).toBe(pads);
  });

  it.each([
    [8, 32],
    [40, 32],
    [16, 16, 2],
  ])('finds no count for a shift of %i with %i-byte functions', (shift, room, max = maxPads) => {
    expect(padsFor(shift, room, max)).toBeUndefined();
  });
});

describe('symbolAddress', () => {
  const nm = [
    '  5335e0 T layoutprobe.BenchmarkLoop',
    '  533660 T layoutprobe.BenchmarkN',
    '  5c0000 D layoutprobe.BenchmarkN.stkobj',
    '  533700 t layoutprobe.BenchmarkNx',
  ].join('\n');

  it('reads the address of a text symbol', () => {
    expect(symbolAddress(nm, 'layoutprobe.BenchmarkN')).toBe(0x533660);
  });

  it('misses a symbol that is not there', () => {
    expect(symbolAddress(nm, 'layoutprobe.BenchmarkX')).toBeUndefined();
  });
});

describe('padSource', () => {
  it('declares as many empty functions as pads, listed in benchPads', () => {
    const source = padSource(2);
    expect(source).toContain('var benchPads = []func(){benchPad1, benchPad2}');
    expect(source.match(/^func benchPad\d\(\) \{\}$/gm)).toEqual(['func benchPad1() {}', 'func benchPad2() {}']);
  });

  it('declares an empty list without pads', () => {
    expect(padSource(0)).toContain('var benchPads []func()\n');
    expect(padSource(0)).not.toContain('func benchPad');
  });
});

describe('the kept layout choice', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'layout-'));
  const record = { goarch: 'amd64', shift: 16320, pads: 2 };

  it('is read back as written', () => {
    const file = join(dir(), 'layout.json');
    keepLayoutRecord(file, record);
    expect(readLayoutRecord(file)).toEqual(record);
    expect(readdirSync(dirname(file))).toEqual(['layout.json']);
  });

  it.each([
    ['missing', undefined],
    ['not JSON', '{"pads":'],
    ['without a pad count', '{"goarch":"amd64"}'],
    ['with more pads than the overlay has', JSON.stringify({ ...record, pads: maxPads + 1 })],
  ])('counts as not made when %s, so the probe runs again', (_, content) => {
    const file = join(dir(), 'layout.json');
    if (content !== undefined) writeFileSync(file, content);
    expect(readLayoutRecord(file)).toBeUndefined();
  });

  it('does not fail the run when the cache folder cannot take it', () => {
    const gone = join(dir(), 'removed-overlay', 'layout.json');
    expect(() => keepLayoutRecord(gone, record)).not.toThrow();
    expect(readLayoutRecord(gone)).toBeUndefined();
  });
});
