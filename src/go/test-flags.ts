import { BenchError } from '../utils/bench-error';

/** How a go test flag given in `args` is treated. */
type FlagRule =
  | { kind: 'pass'; value: boolean }
  | { kind: 'option'; option: string; value: boolean }
  | { kind: 'refused'; why: string };

const pass = (value: boolean): FlagRule => ({ kind: 'pass', value });
const option = (name: string, value = true): FlagRule => ({ kind: 'option', option: name, value });
const refused = (why: string): FlagRule => ({ kind: 'refused', why });

/**
 * The go test flags (build flags and test binary flags) that `args` may hold,
 * and the ones it may not, with the reason. `value` says whether the flag
 * takes a value, so that `-tags x` and `-tags=x` are both understood.
 */
const rules: Record<string, FlagRule> = {
  a: pass(false),
  asan: pass(false),
  asmflags: pass(true),
  blockprofile: pass(true),
  blockprofilerate: pass(true),
  buildvcs: pass(false),
  compiler: pass(true),
  cover: pass(false),
  covermode: pass(true),
  coverpkg: pass(true),
  cpuprofile: pass(true),
  gccgoflags: pass(true),
  gcflags: pass(true),
  installsuffix: pass(true),
  ldflags: pass(true),
  linkshared: pass(false),
  memprofile: pass(true),
  memprofilerate: pass(true),
  mod: pass(true),
  modcacherw: pass(false),
  modfile: pass(true),
  msan: pass(false),
  mutexprofile: pass(true),
  mutexprofilefraction: pass(true),
  outputdir: pass(true),
  overlay: pass(true),
  p: pass(true),
  pgo: pass(true),
  race: pass(false),
  skip: pass(true),
  toolexec: pass(true),
  trace: pass(true),
  trimpath: pass(false),
  v: pass(false),
  vet: pass(true),
  work: pass(false),
  x: pass(false),
  bench: option('bench'),
  benchtime: option('benchtime'),
  benchmem: option('benchmem', false),
  count: option('count'),
  cpu: option('cpu'),
  failfast: option('failfast', false),
  short: option('short', false),
  tags: option('tags'),
  timeout: option('timeout'),
  run: option('run'),
  json: refused('the executor reads go test output as text'),
  c: refused('the executor must run the test binaries it builds'),
  o: refused('the executor must run the test binaries it builds'),
  exec: refused('benchmarks must run directly on this machine'),
  n: refused('it prints commands without running any benchmark'),
  list: refused('it lists benchmarks without running them'),
  fuzz: refused('fuzzing is not benchmarking'),
  C: refused('use the project root or the packages option to choose directories'),
};

/** How go test reads a flag: whether an option owns it and whether it takes a value; undefined if unknown. */
export function flagRule(name: string): FlagRule | undefined {
  return Object.hasOwn(rules, name) ? rules[name] : undefined;
}

/** The flags that have an option of their own, for the command line's help. */
export const optionFlags = Object.keys(rules)
  .filter((name) => rules[name].kind === 'option')
  .sort();

/** The flags `args` accepts, for error messages and documentation. */
export const passThroughFlags = Object.keys(rules)
  .filter((name) => rules[name].kind === 'pass')
  .sort();

/** One flag of `args` with the tokens that spell it: `-tags=x`, or `-tags` and `x`. */
export interface FlagGroup {
  name: string;
  tokens: string[];
}

/**
 * Checks user-supplied go test flags and groups each flag with its value. A
 * flag may be written `-name`, `--name`, `-name=value` or `-name value`;
 * boolean flags also take `=true`/`=false`. Anything else, including
 * package patterns, is refused with the reason and the accepted flags.
 */
export function parseTestArgs(args: string[]): FlagGroup[] {
  const groups: FlagGroup[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    const match = /^--?([A-Za-z][\w.-]*)(=.*)?$/s.exec(token);
    if (!match) {
      throw new BenchError(`Invalid option "args": "${token}" is not a go test flag.`, [
        'Package patterns go in the "packages" option; flags start with "-".',
      ]);
    }
    const [, name, inlineValue] = match;
    const rule = flagRule(name);
    if (!rule) {
      throw new BenchError(`Invalid option "args": unknown go test flag "-${name}".`, [
        `Accepted flags: ${passThroughFlags.map((f) => `-${f}`).join(' ')}`,
      ]);
    }
    if (rule.kind === 'option' && name === 'run') {
      throw new BenchError('Invalid option "args": "-run" is not supported.', [
        'Why: tests never run during benchmarks; the executor always passes -run=^$.',
      ]);
    }
    if (rule.kind === 'option') {
      throw new BenchError(`Invalid option "args": "-${name}" is set with the "${rule.option}" option.`, [
        `Use "${rule.option}" in project.json or --${rule.option}=... on the nx command line.`,
      ]);
    }
    if (rule.kind === 'refused') {
      throw new BenchError(`Invalid option "args": "-${name}" is not supported.`, [`Why: ${rule.why}.`]);
    }
    const tokens = [token];
    if (rule.value && inlineValue === undefined) {
      if (i + 1 >= args.length) {
        throw new BenchError(`Invalid option "args": flag "-${name}" needs a value.`, [
          `Write it as "-${name}=value".`,
        ]);
      }
      tokens.push(args[++i]);
    }
    groups.push({ name, tokens });
  }
  return groups;
}

/** Validates args (see parseTestArgs) and returns them unchanged. */
export function validateTestArgs(args: string[]): string[] {
  parseTestArgs(args);
  return args;
}

/** Flags that change which files build or how, and so apply to go list as well as go test. */
const buildFlagNames = new Set([
  'asan', 'buildvcs', 'compiler', 'gccgoflags', 'gcflags', 'ldflags', 'mod', 'modfile', 'msan', 'overlay', 'pgo', 'race', 'trimpath',
]);

/** The build flags among validated args, for go list. */
export function buildFlags(args: string[]): string[] {
  return parseTestArgs(args)
    .filter((g) => buildFlagNames.has(g.name))
    .flatMap((g) => g.tokens);
}
