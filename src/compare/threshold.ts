import { BenchError } from '../utils/bench-error';

/** A threshold in percent, "5" or "5%", from 0 up; source names it in errors. */
export function parseThreshold(text: string | number, source: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(String(text));
  if (!match) throw new BenchError(`Invalid ${source}: "${text}" is not a percentage.`, ['Use a number of percent, such as 5 or "2.5%".']);
  return Number(match[1]);
}
