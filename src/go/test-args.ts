import { buildFlags } from './test-flags';

/** What the go test command line is built from. */
export interface TestArgsInput {
  bench: string;
  benchtime: string;
  overlayJson: string;
  /** Program and arguments through which go test runs each test binary. */
  exec?: string[];
  args: string[];
  packages: string[];
}

/**
 * The go test argument list, built from small pieces so that each is easy to
 * test. Values are attached with `=`, so a value starting with "-" is never
 * read as a flag; packages come last, after every flag.
 */
export function goTestArgs(input: TestArgsInput): string[] {
  return ['test', ...noTestsFlags(), ...benchFlags(input), ...overlayFlags(input), ...execFlags(input), ...input.args, ...input.packages];
}

/** Tests, examples and fuzz seeds never run: only benchmarks. */
export function noTestsFlags(): string[] {
  return ['-run=^$'];
}

export function benchFlags(input: Pick<TestArgsInput, 'bench' | 'benchtime'>): string[] {
  return [`-bench=${input.bench}`, `-benchtime=${input.benchtime}`];
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

/** The go list command that checks every package pattern matches something. */
export function goListArgs(input: Pick<TestArgsInput, 'args' | 'packages'>): string[] {
  return ['list', '-e', '-json=ImportPath,Dir,Error', ...buildFlags(input.args), ...input.packages];
}
