/** What the plugin reads from a go.mod file. */
export interface GoMod {
  module: string;
  requires: string[];
  /** Replacements by a local directory (a path starting with ./ or ../ or absolute), relative to the go.mod folder. */
  localReplaces: { path: string; dir: string }[];
}

/** What the plugin reads from a go.work file. */
export interface GoWork {
  /** Directories of `use` directives, relative to the go.work folder. */
  uses: string[];
}

/**
 * Parses the directives of a go.mod or go.work file into [verb, args]
 * pairs, expanding `verb ( ... )` blocks. Comments and quoting follow the
 * go.mod syntax: `//` comments, "interpreted" and `raw` strings.
 */
export function directives(text: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  let block: string | undefined;
  for (const raw of text.split('\n')) {
    const tokens = tokenize(raw);
    if (tokens.length === 0) continue;
    if (block !== undefined) {
      if (tokens[0] === ')') block = undefined;
      else out.push([block, tokens]);
      continue;
    }
    if (tokens.length === 2 && tokens[1] === '(') {
      block = tokens[0];
      continue;
    }
    out.push([tokens[0], tokens.slice(1)]);
  }
  return out;
}

function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (line.startsWith('//', i)) {
      break;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        value += line[j++];
      }
      tokens.push(value);
      i = j + 1;
    } else if (c === '`') {
      const end = line.indexOf('`', i + 1);
      tokens.push(line.slice(i + 1, end < 0 ? line.length : end));
      i = end < 0 ? line.length : end + 1;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else {
      let j = i;
      while (j < line.length && !/[\s()"`]/.test(line[j]) && !line.startsWith('//', j)) j++;
      tokens.push(line.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

export function isLocalPath(path: string): boolean {
  return path.startsWith('./') || path.startsWith('../') || path === '.' || path === '..' || path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}

export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { module: '', requires: [], localReplaces: [] };
  for (const [verb, args] of directives(text)) {
    if (verb === 'module' && args[0]) mod.module = args[0];
    if (verb === 'require' && args[0]) mod.requires.push(args[0]);
    if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      const target = arrow >= 0 ? args[arrow + 1] : undefined;
      if (target && isLocalPath(target)) mod.localReplaces.push({ path: args[0], dir: target });
    }
  }
  return mod;
}

export function parseGoWork(text: string): GoWork {
  return { uses: directives(text).filter(([verb, args]) => verb === 'use' && args[0]).map(([, args]) => args[0]) };
}
