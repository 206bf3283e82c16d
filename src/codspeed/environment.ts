import { readFileSync } from 'node:fs';
import { environmentFileFor, writeAtomically } from '../results/walltime';
import { pluginVersion } from '../utils/package';

/** What identifies a build of the benchmarks: `integration_environment.go` of environment-<pid>.json. */
export type GoEnvironment = Record<string, string>;

/** The variable that holds the instruction set level of each GOARCH that has one. */
const archLevel: Record<string, string> = {
  amd64: 'GOAMD64',
  arm64: 'GOARM64',
  arm: 'GOARM',
  '386': 'GO386',
  ppc64: 'GOPPC64',
  ppc64le: 'GOPPC64',
  riscv64: 'GORISCV64',
  mips: 'GOMIPS',
  mipsle: 'GOMIPS',
  mips64: 'GOMIPS64',
  mips64le: 'GOMIPS64',
};

/** The `go env` variables goEnvironment reads. */
export const environmentVariables = ['GOOS', 'GOARCH', 'CGO_ENABLED', 'GOEXPERIMENT', ...new Set(Object.values(archLevel))];

/** Flags of go build that change the code the compiler and linker produce; the first four take no value. */
const codeFlags = /^--?(race|msan|asan|cover|covermode|coverpkg|gcflags|ldflags|asmflags|tags|pgo|buildmode|compiler|gccgoflags)(=|$)/;
const switches = new Set(['race', 'msan', 'asan', 'cover']);

/**
 * The environment of one run: the Go release, the target and its
 * instruction set level, cgo, experiments, the plugin's version, and the
 * flags (from GOFLAGS, then go test's arguments) that change generated code.
 * Every value is a string, as CodSpeed's integrations write them.
 */
export function goEnvironment(version: string, goEnv: Record<string, string>, goflags: string, args: string[]): GoEnvironment {
  const level = archLevel[goEnv.GOARCH];
  const flags = codeGenerationFlags([...goflags.split(/\s+/).filter(Boolean), ...args]);
  return {
    version,
    goos: goEnv.GOOS,
    goarch: goEnv.GOARCH,
    ...(level && goEnv[level] ? { [level.toLowerCase()]: goEnv[level] } : {}),
    cgo_enabled: goEnv.CGO_ENABLED ?? '',
    ...(goEnv.GOEXPERIMENT ? { goexperiment: goEnv.GOEXPERIMENT } : {}),
    ...(flags.length > 0 ? { build_flags: flags.join(' ') } : {}),
    nx_go_bench: pluginVersion,
  };
}

/** The flags among args that change generated code, a value given apart joined to its flag. */
export function codeGenerationFlags(args: string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const match = codeFlags.exec(args[i]);
    if (!match) continue;
    const separate = match[2] === '' && !switches.has(match[1]) && i + 1 < args.length;
    found.push(separate ? `${args[i]}=${args[++i]}` : args[i]);
  }
  return found;
}

/**
 * Several environments as one, for a process that ran several tasks (nx
 * --batch): a key whose tasks disagree holds their distinct values, joined
 * by ", " in the order they came.
 */
export function mergeEnvironments(environments: GoEnvironment[]): GoEnvironment {
  const merged: Record<string, string[]> = {};
  for (const environment of environments) {
    for (const [key, value] of Object.entries(environment)) {
      const values = (merged[key] ??= []);
      if (!values.includes(value)) values.push(value);
    }
  }
  return Object.fromEntries(Object.entries(merged).map(([key, values]) => [key, values.join(', ')]));
}

/**
 * Writes the environment file of a results file,
 * <profileFolder>/environment-<pid>.json beside results/<pid>.json, as
 * CodSpeed's integrations do: the runner uploads it with the profile
 * folder.
 */
export function writeEnvironment(resultsFile: string, environment: GoEnvironment): void {
  writeAtomically(environmentFileFor(resultsFile), environmentJson(environment));
}

function environmentJson(environment: GoEnvironment): string {
  return JSON.stringify({ integration_environment: { go: environment } }, null, 2) + '\n';
}

/**
 * Writes the environment of a results file made by merging others: the
 * environments of those that have one, merged (see mergeEnvironments). A
 * merge keeps one environment file per results file, so the profile folder
 * never holds an environment whose results are gone.
 */
export function mergeEnvironmentFiles(mergedFrom: string[], resultsFile: string): void {
  const environments = mergedFrom.flatMap((file) => {
    try {
      const go = JSON.parse(readFileSync(environmentFileFor(file), 'utf8'))?.integration_environment?.go;
      return go && typeof go === 'object' ? [go as GoEnvironment] : [];
    } catch {
      return [];
    }
  });
  if (environments.length === 0) return;
  writeEnvironment(resultsFile, mergeEnvironments(environments));
}
