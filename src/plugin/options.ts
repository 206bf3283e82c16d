import type { BenchExecutorOptions } from '../executors/bench/schema';

/** Options of the plugin in nx.json: `{ "plugin": "nx-go-bench", "options": { ... } }`. */
export interface GoBenchPluginOptions {
  /** Name of the inferred target, or false for none. Default "bench". */
  targetName?: string | false;
  /** Default options of every inferred bench target, e.g. `{ "benchtime": "500ms" }`. */
  benchOptions?: BenchExecutorOptions;
  /** Build tags that inference treats as set when it looks for benchmarks. */
  tags?: string[];
}

export interface NormalizedPluginOptions {
  targetName: string | false;
  benchOptions: BenchExecutorOptions;
  tags: string[];
}

export function normalizePluginOptions(options: GoBenchPluginOptions | undefined): NormalizedPluginOptions {
  const targetName = options?.targetName === undefined ? 'bench' : options.targetName;
  if (targetName !== false && (typeof targetName !== 'string' || targetName.trim() === '')) {
    throw new Error(`nx-go-bench: plugin option "targetName" must be a target name or false, got ${JSON.stringify(targetName)}.`);
  }
  return { targetName, benchOptions: options?.benchOptions ?? {}, tags: options?.tags ?? [] };
}
