import type { BenchExecutorOptions } from '../executors/bench/schema';
import { flagRule, optionFlags, passThroughFlags } from '../go/test-flags';
import { BenchError } from '../utils/bench-error';

/** The command line's own settings, which go test has no flag for. */
const ownFlags: Record<string, keyof BenchExecutorOptions> = {
  'profile-folder': 'profileFolder',
  'cache-dir': 'cacheDir',
  mode: 'mode',
  'max-time': 'maxTime',
  baseline: 'baseline',
  threshold: 'threshold',
};

/** The command line's own switches: `--flag` or `--flag=true|false`. */
const ownSwitches: Record<string, keyof BenchExecutorOptions> = {
  'fail-on-regression': 'failOnRegression',
};

/**
 * Parses `test` arguments the way go test reads them: flags with one or two
 * dashes, values as `-flag=value` or `-flag value`, booleans as `-flag` or
 * `-flag=false`, and package patterns (anything not a flag). Flags with an
 * executor option of the same name fill that option; other go test flags
 * are passed through as `args`; the result is the executor's own options,
 * so the command line and `nx run` share every rule after this point.
 */
export function parseTestCommand(argv: string[]): BenchExecutorOptions | 'help' {
  const options: Record<string, unknown> = {};
  const args: string[] = [];
  const packages: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '-h' || token === '-help' || token === '--help') return 'help';
    const match = /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/s.exec(token);
    if (!match) {
      packages.push(token);
      continue;
    }
    const [, name, inline] = match;
    if (ownSwitches[name]) {
      options[ownSwitches[name]] = inline === undefined || inline === 'true';
      continue;
    }
    const own = ownFlags[name];
    const rule = own ? undefined : flagRule(name);
    if (!own && !rule) {
      throw new BenchError(`Unknown flag "-${name}".`, [`Run "nx-go-bench test --help" for the accepted flags.`]);
    }
    if (rule?.kind === 'refused') {
      throw new BenchError(`Flag "-${name}" is not supported.`, [`Why: ${rule.why}.`]);
    }
    const takesValue = own !== undefined || rule!.value;
    let value = inline;
    if (takesValue && value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new BenchError(`Flag "-${name}" needs a value.`);
    }
    if (own) {
      options[own] = value;
    } else if (rule!.kind === 'option') {
      options[rule!.option] = takesValue ? value : value === undefined ? true : value === 'true';
    } else {
      args.push(value === undefined || inline !== undefined ? token : `-${name}=${value}`);
    }
  }
  if (args.length > 0) options.args = args;
  if (packages.length > 0) options.packages = packages;
  return options as BenchExecutorOptions;
}

export const testUsage = [
  'Usage: nx-go-bench test [flags] [packages]',
  '',
  'Runs go test -run=^$ -bench with the patched testing package in the current',
  'directory and writes CodSpeed walltime results, like the bench executor.',
  'Packages default to ./...; flags take one or two dashes, -flag=value or -flag value.',
  '',
  'Flags:',
  '  -bench regexp        benchmarks to run (default .)',
  '  -benchtime d|Nx      time or iterations per benchmark (default 1s)',
  '  --max-time d         wall time a benchmark may take, setup included (default 3 × a duration benchtime; 0: none)',
  '  -count n             run each benchmark n times (default 1)',
  '  -cpu list            GOMAXPROCS values, e.g. 1,2,4',
  '  -tags list           build tags, e.g. integration,fast',
  '  -timeout d           time limit of a test binary (default 10m)',
  '  -benchmem            report allocations of every benchmark',
  '  -short               set testing.Short()',
  '  -failfast            stop at the first failing benchmark',
  '  -run ^$              accepted for compatibility; tests never run',
  '  --profile-folder dir where results go (default $CODSPEED_PROFILE_FOLDER, else dist/go-bench)',
  '  --cache-dir dir      the hermetic cache (default $NX_GO_BENCH_CACHE_DIR, else the user cache folder)',
  '  --mode m             walltime, simulation or memory (default $CODSPEED_RUNNER_MODE, else walltime)',
  '  --baseline path      compare with these results when done (results file, profile folder or Go benchmark text)',
  '  --threshold p        with --baseline: a regression is slower by more than p percent (default 5; 1 for simulation, memory)',
  '  --fail-on-regression with --baseline: exit 1 when a benchmark regressed',
  '',
  `Flags with an option: ${optionFlags.map((f) => `-${f}`).join(' ')}`,
  `Other go test flags passed through: ${passThroughFlags.map((f) => `-${f}`).join(' ')}`,
];
