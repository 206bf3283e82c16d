import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseTestArgs } from '../go/test-flags';
import { BenchError } from '../utils/bench-error';
import type { Overlay } from './materialize';

/** A user's own -overlay, found in the `args` option or in GOFLAGS, and the flags without it. */
export interface UserOverlay {
  /** The overlay file, or undefined when the user gave none. */
  file?: string;
  source?: 'args' | 'GOFLAGS';
  args: string[];
  goflags: string;
}

/**
 * Takes the user's -overlay out of args and GOFLAGS, since go honours only
 * one -overlay and the plugin must pass its own. As in go, the command line
 * (args) wins over GOFLAGS; either way both lose the flag.
 */
export function extractUserOverlay(args: string[], goflags: string): UserOverlay {
  let file: string | undefined;
  let source: UserOverlay['source'];
  const kept: string[] = [];
  for (const group of parseTestArgs(args)) {
    if (group.name === 'overlay') {
      file = group.tokens.length === 2 ? group.tokens[1] : group.tokens[0].slice(group.tokens[0].indexOf('=') + 1);
      source = 'args';
    } else {
      kept.push(...group.tokens);
    }
  }
  const flags = goflags.split(/\s+/).filter(Boolean);
  const fromEnv = flags.find((f) => /^--?overlay=/.test(f));
  if (fromEnv && !file) {
    file = fromEnv.slice(fromEnv.indexOf('=') + 1);
    source = 'GOFLAGS';
  }
  return { file, source, args: kept, goflags: flags.filter((f) => !/^--?overlay=/.test(f)).join(' ') };
}

/**
 * Writes an overlay holding the plugin's replacements and the user's, and
 * returns its path. go reads relative paths of an overlay against the
 * directory it runs in, so the user's paths are made absolute against
 * cwd. A user overlay that replaces a file the plugin generates cannot be
 * merged and is refused, naming the file.
 */
export function mergeUserOverlay(ours: Pick<Overlay, 'dir' | 'overlayJson'>, user: UserOverlay, cwd: string): string {
  if (!user.file) return ours.overlayJson;
  const where = user.source === 'GOFLAGS' ? 'GOFLAGS' : 'option "args"';
  const path = resolve(cwd, user.file);
  let parsed: { Replace?: Record<string, string> };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BenchError(`Cannot read the -overlay file ${user.file} given in ${where}.`, [(error as Error).message]);
  }
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.Replace !== 'object' || parsed.Replace === null) {
    throw new BenchError(`The -overlay file ${user.file} given in ${where} has no "Replace" object.`);
  }
  const ourReplace = (JSON.parse(readFileSync(ours.overlayJson, 'utf8')) as { Replace: Record<string, string> }).Replace;
  const replace: Record<string, string> = { ...ourReplace };
  for (const [from, to] of Object.entries(parsed.Replace)) {
    const key = isAbsolute(from) ? from : join(cwd, from);
    if (Object.hasOwn(ourReplace, key)) {
      throw new BenchError(`The -overlay file ${user.file} given in ${where} replaces ${key}, which nx-go-bench patches.`, [
        'Two overlays cannot both replace one file. Remove that entry from your overlay to benchmark with nx-go-bench.',
      ]);
    }
    replace[key] = to === '' || isAbsolute(to) ? to : join(cwd, to);
  }
  const content = JSON.stringify({ Replace: replace }, null, 2) + '\n';
  const target = join(ours.dir, `merged-${createHash('sha256').update(content).digest('hex').slice(0, 20)}.json`);
  if (!existsSync(target)) {
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, content);
    renameSync(temp, target);
  }
  return target;
}
