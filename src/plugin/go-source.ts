import { evalBuildExpr, evalPlusBuild, fileNameAllows, type BuildContext } from './build-constraints';

type Token = { kind: 'ident' | 'string' | 'punct'; text: string };

/**
 * Splits Go source into identifiers, string literals and punctuation,
 * dropping comments, so that a "Benchmark" inside a comment or a string is
 * never mistaken for a declaration. Numbers and operators other than the
 * punctuation inference needs are dropped too.
 */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end;
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      tokens.push({ kind: 'string', text: src.slice(i + 1, end < 0 ? src.length : end) });
      i = end < 0 ? src.length : end + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      tokens.push({ kind: 'string', text: src.slice(i + 1, j) });
      i = j + 1;
    } else if (/[\p{L}_]/u.test(c)) {
      const m = /[\p{L}\p{N}_]+/uy;
      m.lastIndex = i;
      const word = m.exec(src)![0];
      tokens.push({ kind: 'ident', text: word });
      i += word.length;
    } else if ('()[]{}*.;'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else {
      i++;
    }
  }
  return tokens;
}

/** Whether name is a benchmark name as go test sees it: "Benchmark", then nothing or a non-lowercase rune. */
export function isBenchmarkName(name: string): boolean {
  if (!name.startsWith('Benchmark')) return false;
  const rest = name.slice('Benchmark'.length);
  return rest === '' || !/^\p{Ll}/u.test(rest);
}

/**
 * The names of the benchmark functions a Go test file declares:
 * `func BenchmarkXxx(b *testing.B)`, with package testing imported under
 * any name, or dot-imported.
 */
export function benchmarkFunctions(src: string): string[] {
  const tokens = tokenize(src);
  const aliases = testingImportNames(tokens);
  if (aliases.size === 0) return [];
  const names: string[] = [];
  for (let i = 0; i + 4 < tokens.length; i++) {
    if (tokens[i].text !== 'func' || tokens[i].kind !== 'ident') continue;
    const name = tokens[i + 1];
    if (name.kind !== 'ident' || !isBenchmarkName(name.text) || tokens[i + 2].text !== '(') continue;
    let j = i + 3;
    if (tokens[j].kind === 'ident' && tokens[j + 1]?.text === '*') j++;
    if (tokens[j]?.text !== '*') continue;
    j++;
    let qualifier = '.';
    if (tokens[j + 1]?.text === '.') {
      qualifier = tokens[j].text;
      j += 2;
    }
    if (tokens[j]?.text === 'B' && tokens[j + 1]?.text === ')' && aliases.has(qualifier)) names.push(name.text);
  }
  return names;
}

/** The names under which a file imports "testing" ("." for a dot import). */
function testingImportNames(tokens: Token[]): Set<string> {
  const names = new Set<string>();
  const spec = (i: number): number => {
    let alias: string | undefined;
    if (tokens[i]?.kind === 'ident' || tokens[i]?.text === '.') alias = tokens[i++].text;
    if (tokens[i]?.kind === 'string') {
      if (tokens[i].text === 'testing' && alias !== '_') names.add(alias ?? 'testing');
      i++;
    }
    return i;
  };
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].kind !== 'ident' || tokens[i].text !== 'import') continue;
    if (tokens[i + 1]?.text === '(') {
      let j = i + 2;
      while (j < tokens.length && tokens[j].text !== ')') {
        const next = spec(j);
        j = next === j ? j + 1 : next;
      }
      i = j;
    } else {
      i = spec(i + 1) - 1;
    }
  }
  return names;
}

/**
 * Whether go would compile the file in ctx: its name must not start with
 * "_" or ".", its GOOS/GOARCH suffix must match, and its `//go:build` line
 * (or legacy `// +build` lines) in the header must hold.
 */
export function fileIsBuilt(name: string, src: string, ctx: BuildContext): boolean {
  if (name.startsWith('_') || name.startsWith('.') || !fileNameAllows(name, ctx)) return false;
  const header = headerComments(src);
  const goBuild = header.find((line) => /^\/\/go:build\s/.test(line));
  if (goBuild) return evalBuildExpr(goBuild.replace(/^\/\/go:build\s+/, ''), ctx);
  const plus = header.filter((line) => /^\/\/\s*\+build\s/.test(line)).map((line) => line.replace(/^\/\/\s*\+build\s+/, ''));
  return plus.length === 0 || evalPlusBuild(plus, ctx);
}

/** The `//` comment lines before the package clause, where build constraints live. */
function headerComments(src: string): string[] {
  const lines: string[] = [];
  let inBlock = false;
  for (const raw of src.split('\n')) {
    const line = raw.trim();
    if (inBlock) {
      if (line.includes('*/')) inBlock = false;
      continue;
    }
    if (line === '') continue;
    if (line.startsWith('//')) {
      lines.push(line);
      continue;
    }
    if (line.startsWith('/*')) {
      inBlock = !line.includes('*/', 2);
      continue;
    }
    break;
  }
  return lines;
}
