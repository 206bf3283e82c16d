import { existsSync, readFileSync, statSync } from 'node:fs';
import { BenchError } from '../utils/bench-error';
import { readResultsFile, resultsFiles } from '../results/merge';
import { textFileFor, type InstrumentType } from '../results/walltime';
import { pluginName } from '../utils/package';
import { parseBenchText, type TextBenchmark } from './benchfmt';

/** One side of a comparison: its mode and the samples of its benchmarks. */
export interface Side {
  /** The path as the user gave it. */
  label: string;
  mode: InstrumentType;
  benchmarks: Map<string, TextBenchmark>;
}

/** The unit a mode's benchmarks are compared by. */
export const primaryUnit: Record<InstrumentType, string> = {
  walltime: 'ns/op',
  simulation: 'instructions/op',
  memory: 'B/op',
};

/**
 * Reads one side: a results file (with the Go text the plugin writes
 * beside it, which holds one line per round), a profile folder (all its
 * results files, a later one winning for a benchmark both hold), or a file
 * of Go benchmark text (go test's or benchstat's input).
 */
export function readSide(path: string, label = path): Side {
  if (!existsSync(path)) throw new BenchError(`Cannot compare: ${label} does not exist.`, [usageHint]);
  if (statSync(path).isDirectory()) {
    // Other tools' results (pytest-codspeed's, say) may share a CodSpeed profile folder; they have no Go text.
    const files = resultsFiles(path).filter(writtenByPlugin);
    if (files.length === 0) {
      throw new BenchError(`Cannot compare: ${label} holds no results files of ${pluginName} (results/*.json).`, [
        'Give a profile folder a bench task wrote into, a results file, or a file of Go benchmark text.',
      ]);
    }
    return mergeSides(label, files.map((file) => readResults(file, file)));
  }
  const text = readFileSync(path, 'utf8');
  if (/^\s*\{/.test(text)) return readResults(path, label);
  const benchmarks = parseBenchText(text);
  if (benchmarks.size === 0) {
    throw new BenchError(`Cannot compare: ${label} holds no benchmark results.`, [
      'Expected a results file (JSON), a profile folder, or lines of Go benchmark text such as "BenchmarkX-8  1000  512 ns/op".',
    ]);
  }
  return { label, mode: modeOfText(benchmarks), benchmarks };
}

/** Whether nx-go-bench wrote a results file; one that does not parse is read, so that the error names it. */
export function writtenByPlugin(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { creator?: { name?: unknown } }).creator?.name === pluginName;
  } catch {
    return true;
  }
}

const usageHint = 'Each side is a results file, a profile folder or a file of Go benchmark text.';

/** A results file and the Go text beside it. */
function readResults(path: string, label: string): Side {
  let mode: InstrumentType;
  try {
    mode = readResultsFile(path).instrument.type;
  } catch (error) {
    throw new BenchError(`Cannot compare: ${label} is not a results file.`, [(error as Error).message, usageHint]);
  }
  const textFile = textFileFor(path);
  if (!existsSync(textFile)) {
    throw new BenchError(`Cannot compare: ${label} has no Go benchmark text beside it (${textFile}).`, [
      'The rounds of each benchmark are read from that file, which the bench task writes with the results. Compare the profile folders, or the text files themselves.',
    ]);
  }
  return { label, mode, benchmarks: parseBenchText(readFileSync(textFile, 'utf8')) };
}

function mergeSides(label: string, sides: Side[]): Side {
  const modes = [...new Set(sides.filter((s) => s.benchmarks.size > 0).map((s) => s.mode))];
  if (modes.length > 1) {
    throw new BenchError(`Cannot compare: ${label} holds ${modes.join(' and ')} results, whose numbers do not compare.`, [
      'Give each mode its own profile folder.',
    ]);
  }
  const benchmarks = new Map<string, TextBenchmark>();
  for (const side of sides) for (const [key, benchmark] of side.benchmarks) benchmarks.set(key, benchmark);
  return { label, mode: modes[0] ?? 'walltime', benchmarks };
}

/** The mode of plain Go text, from its units: counted instructions, or allocations without time. */
function modeOfText(benchmarks: Map<string, TextBenchmark>): InstrumentType {
  const units = new Set([...benchmarks.values()].flatMap((b) => [...b.samples.keys()]));
  if (units.has('instructions/op')) return 'simulation';
  if (units.has('peak-heap-B') && !units.has('ns/op')) return 'memory';
  return 'walltime';
}
