#!/usr/bin/env node
import { output } from '@nx/devkit';
import { basename } from 'node:path';
import { printMessages, runBenchTask } from '../executors/bench/task';
import { BenchError } from '../utils/bench-error';
import { pluginName } from '../utils/package';
import { compareUsage, parseCompareArgs, runCompare } from './compare';
import { historyUsage, parseHistoryArgs, runHistory } from './history';
import { parseMergeArgs, runMerge } from './merge';
import { parseTestCommand, testUsage } from './test-command';

const usage = [
  `Usage: ${pluginName} <command> [arguments]`,
  '',
  'Commands:',
  '  test [go test flags] [packages]',
  '      Run the benchmarks of the current directory, as the bench executor does.',
  '      "test --help" lists the flags.',
  '  merge <profile folders...> --out <folder>',
  '      Merge the results of several profile folders (e.g. CI shards)',
  '      into one <folder>/results/<pid>.json, every benchmark once.',
  '  compare <base> <head> [--threshold p] [--fail-on-regression] [--markdown file]',
  '      Compare two runs (results files, profile folders or Go benchmark text)',
  '      benchmark by benchmark; "compare --help" tells more.',
  '  history <runs...> [--html file]',
  '      Each benchmark\'s median over runs, oldest first.',
];

async function test(args: string[]): Promise<number> {
  const options = parseTestCommand(args);
  if (options === 'help') {
    console.log(testUsage.join('\n'));
    return 0;
  }
  const cwd = process.cwd();
  const name = basename(cwd);
  const outcome = await runBenchTask(options, name, { root: cwd, projectsConfigurations: { version: 2, projects: { [name]: { root: '.' } } } });
  printMessages(outcome.messages);
  return outcome.success ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(usage.join('\n'));
    return command === undefined ? 2 : 0;
  }
  try {
    if (command === 'test') return await test(args);
    if (command === 'compare') {
      if (args.includes('--help') || args.includes('-h')) {
        console.log(compareUsage.join('\n'));
        return 0;
      }
      const { errors, warnings } = runCompare(parseCompareArgs(args), (line) => console.log(line));
      for (const warning of warnings) console.error(warning);
      for (const error of errors) output.error({ title: error.title, bodyLines: error.bodyLines });
      return errors.length > 0 ? 1 : 0;
    }
    if (command === 'history') {
      if (args.includes('--help') || args.includes('-h')) {
        console.log(historyUsage.join('\n'));
        return 0;
      }
      runHistory(parseHistoryArgs(args), (line) => console.log(line));
      return 0;
    }
    if (command === 'merge') {
      const merged = runMerge(parseMergeArgs(args));
      console.log(`Merged ${merged.benchmarks} benchmarks from ${merged.files} results files into ${merged.resultsFile}`);
      return 0;
    }
    throw new BenchError(`Unknown command "${command}".`, usage);
  } catch (error) {
    if (!(error instanceof BenchError)) throw error;
    output.error({ title: error.title, bodyLines: error.bodyLines });
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
