/**
 * A -benchtime value as Go's testing package reads it: `Nx` runs N
 * iterations, anything else is a positive time.ParseDuration string.
 */
export type Benchtime = { kind: 'count'; n: number } | { kind: 'duration'; ns: number };

const unitNs: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const term = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/y;

/** Parses a duration with the grammar of Go's time.ParseDuration. */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  term.lastIndex = 0;
  while (term.lastIndex < s.length) {
    const m = term.exec(s);
    if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) return undefined;
    const value = Number(`${m[1] || '0'}.${m[2] ?? ''}0`);
    total += value * unitNs[m[3]];
  }
  if (total > Number.MAX_SAFE_INTEGER * 1024) return undefined;
  return sign * total;
}

/** Parses a -benchtime value, or returns undefined where go test would refuse it. */
export function parseBenchtime(text: string): Benchtime | undefined {
  if (text.endsWith('x')) {
    const digits = text.slice(0, -1);
    if (!/^\+?\d+$/.test(digits)) return undefined;
    const n = Number(digits);
    return n > 0 && Number.isSafeInteger(n) ? { kind: 'count', n } : undefined;
  }
  const ns = parseGoDuration(text);
  return ns !== undefined && ns > 0 ? { kind: 'duration', ns } : undefined;
}
