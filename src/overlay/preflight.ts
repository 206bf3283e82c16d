import type { GoToolchain } from '../go/toolchain';
import { goProblem, type ProblemContext } from '../go/problems';
import { runGo } from '../go/run';
import { BenchError } from '../utils/bench-error';
import type { Overlay } from './materialize';

/**
 * Builds a small program against the patched testing package and lets that
 * package's own flag parsing check -bench and -benchtime. A failure here
 * costs a second instead of a full build of the user's benchmarks, and the
 * error names the option or the Go version at fault. The program is built
 * in its own module with the user's GOFLAGS and go.work switched off, since
 * they describe the user's module, not this one; `go run` caches the binary.
 */
export async function preflight(
  go: GoToolchain,
  overlay: Overlay,
  env: NodeJS.ProcessEnv,
  flags: { bench: string; benchtime: string },
  problems: ProblemContext,
): Promise<void> {
  const result = await runGo(
    go,
    ['run', `-overlay=${overlay.overlayJson}`, '.', `-test.bench=${flags.bench}`, `-test.benchtime=${flags.benchtime}`],
    { cwd: overlay.preflightDir, env: { ...env, GOFLAGS: '-modcacherw', GOWORK: 'off', GO111MODULE: 'on' } },
  );
  if (result.exitCode === 0) return;
  const output = `${result.stderr}\n${result.stdout}`.trim();
  const lines = output.split('\n').filter((l) => l !== '' && !/^exit status \d+$/.test(l));
  if (/invalid regexp .* -test\.bench/.test(output)) {
    throw new BenchError(`Invalid option "bench": "${flags.bench}" is not a valid Go regular expression.`, lines);
  }
  if (/-test\.benchtime/.test(output)) {
    throw new BenchError(`Invalid option "benchtime": go test refuses "${flags.benchtime}".`, lines);
  }
  const problem = goProblem(output, problems);
  if (problem) throw problem;
  throw new BenchError(`The patched testing package does not build with ${go.version} (${go.goroot}).`, [
    ...lines.slice(0, 40),
    `Generated overlay: ${overlay.dir}`,
  ]);
}
