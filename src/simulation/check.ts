import execa from 'execa';
import { coerce, lt } from 'semver';
import { BenchError } from '../utils/bench-error';

/** The valgrind release simulation mode was checked with; older ones are refused. */
export const minimumValgrind = '3.19.0';

/** go test flags that simulation mode refuses: their instrumentation would be counted with the benchmark. */
const refusedFlags = /^--?(race|msan|asan|cover|covermode|coverpkg|coverprofile)(=|$)/;

/**
 * How test binaries are counted: under a callgrind the plugin starts for
 * each (standalone), or under the callgrind that already runs this process
 * and every process it starts (CodSpeed's runner in simulation mode, which
 * runs the whole command under `valgrind --trace-children=yes`).
 */
export type Simulation = { kind: 'standalone'; valgrind: string } | { kind: 'runner' };

/**
 * Whether this process runs under valgrind. valgrind preloads its core
 * library into every program it runs, children it follows included, and
 * says so in LD_PRELOAD; a client request would tell the same, but node
 * cannot make one.
 */
export function runsUnderValgrind(env: NodeJS.ProcessEnv): boolean {
  return /(^|[:\s/])vgpreload_core-[^/:\s]*\.so/.test(env.LD_PRELOAD ?? '');
}

/**
 * Checks, before anything builds, that simulation mode can run here: on
 * Linux, without flags that instrument the code, and either under a
 * valgrind already or with one installed and recent enough to start.
 */
export async function checkSimulation(args: string[], source: string, env: NodeJS.ProcessEnv): Promise<Simulation> {
  if (process.platform !== 'linux') {
    throw new BenchError(`Simulation mode (from ${source}) runs on Linux only, and this is ${process.platform}.`, [
      'Use mode "walltime" here, or run simulation in Linux CI.',
    ]);
  }
  const refused = args.find((arg) => refusedFlags.test(arg));
  if (refused) {
    throw new BenchError(`Simulation mode (from ${source}) cannot count with ${refused} in "args".`, [
      'Race detection, sanitizers and coverage add instrumentation that would be counted with every benchmark. Remove the flag, or use mode "walltime".',
    ]);
  }
  if (runsUnderValgrind(env)) return { kind: 'runner' };
  let version: string;
  try {
    ({ stdout: version } = await execa('valgrind', ['--version'], { env }));
  } catch {
    throw new BenchError(`Simulation mode (from ${source}) needs valgrind, and there is no "valgrind" command on PATH.`, [
      'Install it: "apt-get install valgrind" on Debian and Ubuntu, "dnf install valgrind" on Fedora.',
    ]);
  }
  const found = coerce(version);
  if (!found || lt(found, minimumValgrind)) {
    throw new BenchError(`Simulation mode (from ${source}) needs valgrind ${minimumValgrind.replace(/\.0$/, '')} or newer, and this is ${version.trim()}.`, [
      'Install a newer valgrind.',
    ]);
  }
  return { kind: 'standalone', valgrind: 'valgrind' };
}
