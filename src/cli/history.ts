import { historyOf, historyRuns } from '../compare/history';
import { reportHtml } from '../compare/html';
import { formatValue } from '../results/go-text';
import { writeOutputFile } from '../report/output-file';
import { BenchError } from '../utils/bench-error';

export const historyUsage = [
  'Usage: nx-go-bench history <runs...> [--html <file>]',
  '',
  'The runs, oldest first, are results files, profile folders or files of Go benchmark text;',
  'a lone profile folder stands for its results files, in the order they were written.',
  '  --html <file>   write one self-contained HTML page with a chart per benchmark',
];

/** Parses `history <runs...> [--html <file>]`. */
export function parseHistoryArgs(args: string[]): { runs: string[]; html?: string } {
  const runs: string[] = [];
  let html: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--html') {
      html = args[++i];
      if (html === undefined || html.startsWith('-')) throw new BenchError('history: --html needs a file name.', historyUsage);
    }
    else if (args[i].startsWith('--html=')) html = args[i].slice('--html='.length);
    else if (args[i].startsWith('-')) throw new BenchError(`history: unknown flag ${args[i]}.`, historyUsage);
    else runs.push(args[i]);
  }
  if (runs.length === 0 || html === '') throw new BenchError('history: name the runs, and a file after --html.', historyUsage);
  return { runs, html };
}

/** Prints each benchmark's medians, oldest run first, and writes the page. */
export function runHistory(command: { runs: string[]; html?: string }, print: (line: string) => void): void {
  const history = historyOf(historyRuns(command.runs));
  print(`${history.unit}, median per run: ${history.runs.join(', ')}`);
  for (const b of history.benchmarks) print(`${b.name}  ${b.medians.map((m) => (m === null ? '-' : formatValue(m))).join('  ')}`);
  if (command.html !== undefined) writeOutputFile(command.html, reportHtml(`History of ${command.runs.join(' ')}`, { history }), 'from --html');
}
