import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pluginName, pluginVersion } from '../utils/package';
import type { RawRecord } from './raw-record';
import { walltimeStats, type WalltimeStats } from './stats';
import { benchmarkChain, benchmarkFile, benchmarkUri } from './uri';

export interface WalltimeBenchmark {
  name: string;
  uri: string;
  config: {
    warmup_time_ns: number | null;
    min_round_time_ns: number | null;
    max_time_ns: number | null;
    max_rounds: number | null;
  };
  stats: WalltimeStats;
}

/** A results file in CodSpeed's walltime format. */
export interface WalltimeResults {
  creator: { name: string; version: string; pid: number };
  instrument: { type: 'walltime' };
  benchmarks: WalltimeBenchmark[];
}

/**
 * Turns raw records into results entries, one per benchmark name. Records
 * of one name (go test -count) pool their rounds. URIs are relative to
 * uriRoot.
 */
export function walltimeBenchmarks(records: RawRecord[], uriRoot: string): WalltimeBenchmark[] {
  const byUri = new Map<string, { name: string; records: RawRecord[] }>();
  for (const record of records) {
    const uri = benchmarkUri(benchmarkFile(record.file, record.dir, uriRoot), record.name);
    const entry = byUri.get(uri) ?? { name: benchmarkChain(record.name), records: [] };
    entry.records.push(record);
    byUri.set(uri, entry);
  }
  return [...byUri].map(([uri, { name, records: group }]) => {
    const policy = group[0].policy;
    const timed = policy.count === 0;
    return {
      name,
      uri,
      config: {
        warmup_time_ns: null,
        min_round_time_ns: timed ? policy.targetNs : null,
        max_time_ns: timed ? policy.totalNs : null,
        max_rounds: policy.rounds,
      },
      stats: walltimeStats(
        group.flatMap((r) => r.rounds),
        group.reduce((s, r) => s + r.warmupIters, 0),
      ),
    };
  });
}

export function walltimeResults(benchmarks: WalltimeBenchmark[], pid = process.pid): WalltimeResults {
  return {
    creator: { name: pluginName, version: pluginVersion, pid },
    instrument: { type: 'walltime' },
    benchmarks,
  };
}

/**
 * Writes results to <profileFolder>/results/<pid>.json through a temporary
 * file and a rename, so the folder never holds a partial results file.
 */
export function writeResults(profileFolder: string, results: WalltimeResults): string {
  if (results.benchmarks.length === 0) throw new Error('refusing to write a results file without benchmarks');
  const dir = join(profileFolder, 'results');
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${results.creator.pid}.json`);
  const temp = join(dir, `.${results.creator.pid}.json.tmp`);
  try {
    writeFileSync(temp, JSON.stringify(results, null, 2) + '\n');
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return target;
}
