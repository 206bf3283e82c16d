import { devNull } from 'node:os';
import { buildFlags } from './test-flags';

/** The go test settings a request carries, validated. */
export interface GoTestFlags {
  bench: string;
  benchtime: string;
  /** Runs of each benchmark (go test -count). */
  count: number;
  /** GOMAXPROCS values (go test -cpu); empty for the default. */
  cpu: number[];
  tags: string[];
  /** go test -timeout, or undefined for go's default. */
  timeout?: string;
  benchmem: boolean;
  short: boolean;
  failfast: boolean;
  /** Validated extra go test flags. */
  args: string[];
  packages: string[];
}

/** What the go test command line is built from: the settings, and what the run adds. */
export interface TestArgsInput extends GoTestFlags {
  overlayJson: string;
  /** Program and arguments through which go test runs each test binary. */
  exec?: string[];
  /** Link the test binaries with their symbol table and debug information, which go test otherwise strips. */
  symbols?: boolean;
}

/**
 * The go test argument list, built from small pieces so that each is easy to
 * test. Values are attached with `=`, so a value starting with "-" is never
 * read as a flag; packages come last, after every flag.
 */
export function goTestArgs(input: TestArgsInput): string[] {
  return [
    'test',
    ...noTestsFlags(),
    ...benchFlags(input),
    ...repeatFlags(input),
    ...buildTagFlags(input),
    ...testBinaryFlags(input),
    ...symbolFlags(input),
    ...overlayFlags(input),
    ...execFlags(input),
    ...input.args,
    ...input.packages,
  ];
}

/** Tests, examples and fuzz seeds never run: only benchmarks. */
export function noTestsFlags(): string[] {
  return ['-run=^$'];
}

export function benchFlags(input: Pick<TestArgsInput, 'bench' | 'benchtime'>): string[] {
  return [`-bench=${input.bench}`, `-benchtime=${input.benchtime}`];
}

/** -count and -cpu, left out at their defaults so go test's output reads as usual. */
export function repeatFlags(input: Pick<TestArgsInput, 'count' | 'cpu'>): string[] {
  return [...(input.count > 1 ? [`-count=${input.count}`] : []), ...(input.cpu.length > 0 ? [`-cpu=${input.cpu.join(',')}`] : [])];
}

export function buildTagFlags(input: Pick<TestArgsInput, 'tags'>): string[] {
  return input.tags.length > 0 ? [`-tags=${input.tags.join(',')}`] : [];
}

export function testBinaryFlags(input: Pick<TestArgsInput, 'timeout' | 'benchmem' | 'short' | 'failfast'>): string[] {
  return [
    ...(input.timeout !== undefined ? [`-timeout=${input.timeout}`] : []),
    ...(input.benchmem ? ['-benchmem'] : []),
    ...(input.short ? ['-short'] : []),
    ...(input.failfast ? ['-failfast'] : []),
  ];
}

/**
 * go test links the binaries it runs without symbols or debug information
 * (-s -w), unless it is to keep them: -o names where, and /dev/null keeps
 * none while still linking them whole, for any number of packages. Only
 * the linking changes, so the code is the same: callgrind names functions
 * by them, and CodSpeed's runner symbolizes its profiles with them.
 */
export function symbolFlags(input: Pick<TestArgsInput, 'symbols'>): string[] {
  return input.symbols ? [`-o=${devNull}`] : [];
}

export function overlayFlags(input: Pick<TestArgsInput, 'overlayJson'>): string[] {
  return [`-overlay=${input.overlayJson}`];
}

export function execFlags(input: Pick<TestArgsInput, 'exec'>): string[] {
  return input.exec ? [`-exec=${quoteFields(input.exec)}`] : [];
}

/**
 * Joins words into one -exec value that go splits back into the same
 * words: go allows single or double quotes around a field and no escapes,
 * so a word holding both kinds of quote cannot be passed.
 */
export function quoteFields(words: string[]): string {
  return words
    .map((word) => {
      if (word !== '' && !/[\s'"]/.test(word)) return word;
      if (!word.includes("'")) return `'${word}'`;
      if (!word.includes('"')) return `"${word}"`;
      throw new Error(`cannot pass ${word} to go test -exec: it holds both kinds of quote`);
    })
    .join(' ');
}

/** The go list command that checks every package pattern matches something, with the run's build flags. */
export function goListArgs(input: Pick<TestArgsInput, 'args' | 'packages' | 'tags' | 'overlayJson'>): string[] {
  return ['list', '-e', '-json=ImportPath,Dir,Error,TestGoFiles,XTestGoFiles', ...buildTagFlags(input), ...overlayFlags(input), ...buildFlags(input.args), ...input.packages];
}
