/**
 * Go's benchmark text format, as go test prints it and benchstat reads it:
 * configuration lines `key: value` (pkg: sets the package of the lines
 * after it), and result lines `BenchmarkName[-procs] <iterations> <value>
 * <unit> [<value> <unit>]...`, one per sample. Other lines (PASS, ok, test
 * output) are ignored, as benchstat ignores them.
 */

/** The samples of one benchmark, by unit, in the order the lines came. */
export interface TextBenchmark {
  pkg: string;
  /** As go test prints it, with its -procs suffix. */
  name: string;
  samples: Map<string, number[]>;
}

/** The benchmarks of a text, keyed by package and name. */
export function parseBenchText(text: string): Map<string, TextBenchmark> {
  const benchmarks = new Map<string, TextBenchmark>();
  let pkg = '';
  for (const line of text.split(/\r?\n/)) {
    const config = /^([a-z][^\s:A-Z]*):\s*(.*)$/.exec(line);
    if (config) {
      if (config[1] === 'pkg') pkg = config[2].trim();
      continue;
    }
    const fields = line.split(/\s+/).filter(Boolean);
    if (fields.length < 4 || !/^Benchmark/.test(fields[0]) || !/^\d+$/.test(fields[1]) || fields.length % 2 !== 0) continue;
    const pairs: [number, string][] = [];
    for (let i = 2; i < fields.length; i += 2) {
      const value = Number(fields[i]);
      if (!Number.isFinite(value)) break;
      pairs.push([value, fields[i + 1]]);
    }
    if (pairs.length !== (fields.length - 2) / 2) continue;
    const key = benchKey(pkg, fields[0]);
    const benchmark = benchmarks.get(key) ?? { pkg, name: fields[0], samples: new Map() };
    for (const [value, unit] of pairs) benchmark.samples.set(unit, [...(benchmark.samples.get(unit) ?? []), value]);
    benchmarks.set(key, benchmark);
  }
  return benchmarks;
}

/** The key a benchmark is matched by between two runs: its package and go test's name. */
export function benchKey(pkg: string, name: string): string {
  return `${pkg} ${name}`;
}
