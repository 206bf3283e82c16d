import { basename, delimiter, join } from 'node:path';
import execa from 'execa';
import { coerce, lt } from 'semver';
import { environmentVariables } from '../codspeed/environment';
import { BenchError } from '../utils/bench-error';

/** The oldest Go whose testing package the overlay has been written for. */
export const minimumGoVersion = '1.24.0';

/** The Go installation that builds the benchmarks. */
export interface GoToolchain {
  /** The go binary inside goroot, run with GOTOOLCHAIN=local. */
  goBin: string;
  goroot: string;
  /** As `go env GOVERSION` prints it, e.g. "go1.26.8". */
  version: string;
  /** The user's own settings, which the isolated environment builds upon. */
  userModCache: string;
  userProxy: string;
  userFlags: string;
  /** The target and build settings of `go env` that environment-<pid>.json records (see codspeed/environment). */
  env: Record<string, string>;
}

/**
 * Asks the go command on PATH, in `dir` and with `env`, which Go it selects.
 * Running `go env` the way the user's own `go test` would run means a
 * GOTOOLCHAIN setting or a go.mod toolchain line is honoured; the returned
 * goBin is that toolchain's binary, so later commands need no switching.
 */
export async function resolveToolchain(dir: string, env: NodeJS.ProcessEnv): Promise<GoToolchain> {
  let stdout: string;
  try {
    ({ stdout } = await execa('go', ['env', '-json', 'GOROOT', 'GOVERSION', 'GOMODCACHE', 'GOPROXY', 'GOFLAGS', ...environmentVariables], {
      cwd: dir,
      env: { ...env, PATH: withoutCodSpeedShim(env.PATH) },
      extendEnv: false,
    }));
  } catch (error) {
    throw toolchainError(error, dir);
  }
  const goenv = JSON.parse(stdout) as Record<string, string>;
  const version = goenv.GOVERSION ?? '';
  checkVersion(version, goenv.GOROOT);
  return {
    goBin: join(goenv.GOROOT, 'bin', process.platform === 'win32' ? 'go.exe' : 'go'),
    goroot: goenv.GOROOT,
    version,
    userModCache: goenv.GOMODCACHE,
    userProxy: goenv.GOPROXY,
    userFlags: goenv.GOFLAGS,
    env: Object.fromEntries(environmentVariables.map((name) => [name, goenv[name] ?? ''])),
  };
}

/**
 * PATH without the folder of the `go` script CodSpeed's runner puts first
 * (codspeed_introspected_go, in the temporary folder). That script sends
 * `go test` to CodSpeed's own Go runner, and in simulation mode fails every
 * command; the plugin runs the toolchain itself, so it asks the Go behind it.
 */
export function withoutCodSpeedShim(path: string | undefined): string | undefined {
  return path
    ?.split(delimiter)
    .filter((entry) => basename(entry.replace(/[/\\]+$/, '')) !== 'codspeed_introspected_go')
    .join(delimiter);
}

/** Fails for a Go older than minimumGoVersion; development builds are let through. */
export function checkVersion(version: string, goroot: string): void {
  const semver = coerce(version.replace(/^go/, ''));
  if (version.startsWith('devel') || semver === null) return;
  if (lt(semver, minimumGoVersion)) {
    throw new BenchError(`Go ${version} is too old: nx-go-bench needs Go ${minimumGoVersion.replace(/\.0$/, '')} or newer.`, [
      `The go command in use lives in ${goroot}.`,
      'Install a newer Go, or select one with GOTOOLCHAIN (e.g. GOTOOLCHAIN=go1.26.8).',
    ]);
  }
}

function toolchainError(error: unknown, dir: string): BenchError {
  const e = error as execa.ExecaError & { code?: string };
  if (e.code === 'ENOENT') {
    return new BenchError('Go was not found: there is no "go" command on PATH.', [
      'Install Go 1.24 or newer (https://go.dev/doc/install) and make sure "go version" works in this shell.',
    ]);
  }
  return new BenchError(`"go env" failed in ${dir}.`, (e.stderr || e.message).split('\n').filter(Boolean));
}
