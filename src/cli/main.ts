#!/usr/bin/env node
import { output } from '@nx/devkit';
import { BenchError } from '../utils/bench-error';
import { pluginName } from '../utils/package';
import { parseMergeArgs, runMerge } from './merge';

const usage = [
  `Usage: ${pluginName} <command> [arguments]`,
  '',
  'Commands:',
  '  merge <profile folders...> --out <folder>',
  '      Merge the results/*.json of several profile folders (e.g. CI shards)',
  '      into one <folder>/results/<pid>.json, every benchmark once.',
];

function main(argv: string[]): number {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(usage.join('\n'));
    return command === undefined ? 2 : 0;
  }
  try {
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

process.exitCode = main(process.argv.slice(2));
