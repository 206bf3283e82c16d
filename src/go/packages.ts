import { BenchError } from '../utils/bench-error';
import { goProblem, type ProblemContext } from './problems';
import { runGo } from './run';
import { goListArgs } from './test-args';
import type { GoToolchain } from './toolchain';

export interface ListedPackage {
  ImportPath: string;
  Dir?: string;
  Error?: { Err: string };
  /** The _test.go files go test builds for the package, in the package and as package x_test. */
  TestGoFiles?: string[];
  XTestGoFiles?: string[];
}

/** Splits the stream of JSON objects that `go list -json` prints. */
export function parseGoList(stdout: string): ListedPackage[] {
  return stdout
    .split(/\n(?=\{)/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => JSON.parse(chunk) as ListedPackage);
}

/**
 * The problems of a go list run with the `packages` patterns: patterns that
 * match no package or name a missing directory. Errors inside a package
 * that exists (a syntax error, say) are left to go test, which reports them
 * as build failures.
 */
export function packageProblems(patterns: string[], packages: ListedPackage[], stderr: string): string[] {
  const problems = packages
    .filter((p) => p.Error && patterns.includes(p.ImportPath))
    .map((p) => `${p.ImportPath}: ${p.Error!.Err}`);
  for (const m of stderr.matchAll(/warning: "([^"]+)" matched no packages/g)) {
    problems.push(`${m[1]}: matched no packages`);
  }
  return problems;
}

/**
 * Lists the packages the patterns select, with the same environment and
 * build flags as the benchmark run, and fails naming the `packages` entry
 * that selects nothing or does not load. This also fills the module cache
 * before the build starts. It returns the packages listed.
 */
export async function listPackages(
  go: GoToolchain,
  env: NodeJS.ProcessEnv,
  cwd: string,
  request: { args: string[]; packages: string[]; tags: string[]; overlayJson: string },
  context: ProblemContext,
): Promise<ListedPackage[]> {
  const result = await runGo(go, goListArgs(request), { cwd, env });
  const tooNew = /go: (\S*go\.(?:mod|work)) requires go >= (\S+) \(running go ([^;)]+)/.exec(result.stderr);
  if (tooNew) {
    const [, file, wanted, running] = tooNew;
    const toolchain = /^\d+\.\d+$/.test(wanted) ? `go${wanted}.0` : `go${wanted}`;
    throw new BenchError(`${file} in ${cwd} requires go ${wanted} or newer, and the Go that runs the benchmarks is go${running}.`, [
      `Install Go ${wanted} or newer, or let go fetch it: set GOTOOLCHAIN=${toolchain} (or GOTOOLCHAIN=auto with a toolchain line in ${file}),`,
      'in the environment or in the "env" option. nx-go-bench runs the Go that go env reports in the project, as go test would.',
    ]);
  }
  let packages: ListedPackage[] = [];
  try {
    packages = parseGoList(result.stdout);
  } catch {
    // go list failed before printing packages; its stderr says why.
  }
  const problems = packageProblems(request.packages, packages, result.stderr);
  // A module that does not load fails every pattern: that is not the option's fault.
  const problem = goProblem(`${result.stderr}\n${packages.map((p) => p.Error?.Err ?? '').join('\n')}`, context);
  if (problem) throw problem;
  if (result.exitCode !== 0 && problems.length === 0) {
    problems.push(...result.stderr.split('\n').filter(Boolean));
  }
  if (problems.length > 0) {
    throw new BenchError(`Invalid option "packages": go list cannot load ${request.packages.join(' ')} in ${cwd}.`, problems);
  }
  return packages;
}
