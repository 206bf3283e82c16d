/** The build context that inference assumes: this machine's GOOS and GOARCH, no custom tags. */
export interface BuildContext {
  goos: string;
  goarch: string;
  tags: string[];
}

export const knownOS = [
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd',
  'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
];

export const knownArch = [
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
];

const unixOS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'linux', 'netbsd', 'openbsd', 'solaris']);

/** The build context of the machine running Nx. */
export function hostContext(tags: string[] = []): BuildContext {
  const goos = ({ win32: 'windows', sunos: 'solaris' } as Record<string, string>)[process.platform] ?? process.platform;
  const goarch = ({ x64: 'amd64', ia32: '386', ppc64: 'ppc64le' } as Record<string, string>)[process.arch] ?? process.arch;
  return { goos, goarch, tags };
}

/** Whether a tag holds in ctx, as go/build's matchTag decides it (every go1.N release tag holds). */
export function tagHolds(tag: string, ctx: BuildContext): boolean {
  if (ctx.tags.includes(tag)) return true;
  if (tag === ctx.goos || tag === ctx.goarch || tag === 'gc' || tag === 'cgo') return true;
  if (tag === 'unix') return unixOS.has(ctx.goos);
  if (ctx.goos === 'android' && tag === 'linux') return true;
  if ((ctx.goos === 'illumos' && tag === 'solaris') || (ctx.goos === 'ios' && tag === 'darwin')) return true;
  return /^go1\.\d+$/.test(tag);
}

/**
 * Evaluates a `//go:build` expression (`!`, `&&`, `||`, parentheses). An
 * expression that does not parse counts as false: go would refuse the file.
 */
export function evalBuildExpr(expr: string, ctx: BuildContext): boolean {
  const tokens = expr.match(/&&|\|\||[!()]|[^\s!()&|]+/g) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const or = (): boolean => {
    let value = and();
    while (peek() === '||') {
      pos++;
      value = and() || value;
    }
    return value;
  };
  const and = (): boolean => {
    let value = not();
    while (peek() === '&&') {
      pos++;
      value = not() && value;
    }
    return value;
  };
  const not = (): boolean => {
    if (peek() === '!') {
      pos++;
      return !not();
    }
    if (peek() === '(') {
      pos++;
      const value = or();
      if (tokens[pos++] !== ')') throw new Error('missing )');
      return value;
    }
    const tag = tokens[pos++];
    if (tag === undefined || !/^[\w.]+$/.test(tag)) throw new Error(`bad tag ${tag}`);
    return tagHolds(tag, ctx);
  };
  try {
    const value = or();
    return pos === tokens.length && value;
  } catch {
    return false;
  }
}

/** Evaluates the lines of a legacy `// +build` constraint: lines AND, spaces OR, commas AND. */
export function evalPlusBuild(lines: string[], ctx: BuildContext): boolean {
  return lines.every((line) =>
    line
      .trim()
      .split(/\s+/)
      .some((option) =>
        option.split(',').every((term) => (term.startsWith('!') ? !tagHolds(term.slice(1), ctx) : tagHolds(term, ctx))),
      ),
  );
}

/**
 * Whether a file name's _GOOS, _GOARCH or _GOOS_GOARCH suffix (before
 * `_test.go` or `.go`) allows it in ctx, as go/build's goodOSArchFile.
 */
export function fileNameAllows(name: string, ctx: BuildContext): boolean {
  const stem = name.replace(/(_test)?\.go$/, '');
  const parts = stem.split('_');
  const [osPart, archPart] = parts.length >= 3 ? [parts[parts.length - 2], parts[parts.length - 1]] : [undefined, undefined];
  if (osPart !== undefined && archPart !== undefined && knownOS.includes(osPart) && knownArch.includes(archPart)) {
    return tagHolds(osPart, ctx) && tagHolds(archPart, ctx);
  }
  if (parts.length >= 2) {
    const last = parts[parts.length - 1];
    if (knownOS.includes(last) || knownArch.includes(last)) return tagHolds(last, ctx);
  }
  return true;
}
