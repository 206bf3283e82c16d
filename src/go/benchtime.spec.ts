import { parseBenchtime, parseGoDuration } from './benchtime';

describe('parseGoDuration', () => {
  it.each([
    ['1s', 1e9],
    ['200ms', 2e8],
    ['1.5s', 1.5e9],
    ['.5s', 5e8],
    ['5.s', 5e9],
    ['1m30s', 90e9],
    ['1h', 3600e9],
    ['3us', 3000],
    ['3µs', 3000],
    ['3μs', 3000],
    ['10ns', 10],
    ['+2s', 2e9],
    ['-2s', -2e9],
    ['0', 0],
  ])('%s is %d ns', (text, ns) => {
    expect(parseGoDuration(text)).toBe(ns);
  });

  it.each(['', '1', '1d', 's', '.s', '1h30', '1 s', 'abc', '--1s'])('refuses %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

describe('parseBenchtime', () => {
  it.each([
    ['1s', { kind: 'duration', ns: 1e9 }],
    ['250ms', { kind: 'duration', ns: 2.5e8 }],
    ['100x', { kind: 'count', n: 100 }],
    ['1x', { kind: 'count', n: 1 }],
  ])('%s', (text, expected) => {
    expect(parseBenchtime(text)).toEqual(expected);
  });

  it.each(['0x', '-1x', 'x', '1.5x', '0', '0s', '-1s', 'fast', '1sx'])('refuses %j as go test does', (text) => {
    expect(parseBenchtime(text)).toBeUndefined();
  });
});
