import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GoToolchain } from './toolchain';

/** The folders of the hermetic cache. */
export interface CacheLayout {
  root: string;
  gocache: string;
  gomodcache: string;
  overlays: string;
  staging: string;
  /** The machine's measurement lock (see lock/rw-lock). */
  lock: string;
}

export function cacheLayout(root: string): CacheLayout {
  return {
    root,
    gocache: join(root, 'go-build'),
    gomodcache: join(root, 'mod'),
    overlays: join(root, 'overlay'),
    staging: join(root, 'tmp'),
    lock: join(root, 'locks', 'measure'),
  };
}

/**
 * The environment in which the plugin runs the resolved go binary: the
 * user's, with the plugin's own build and module caches so that patched
 * builds never mix with the user's. The module cache is filled from the
 * user's module download cache first (no network for what the user already
 * has), then from the user's proxy. GOTOOLCHAIN=local keeps the resolved
 * toolchain from switching again, and -modcacherw lets people delete the
 * cache folder with ordinary tools.
 */
export function isolatedEnv(base: NodeJS.ProcessEnv, go: GoToolchain, cache: CacheLayout): NodeJS.ProcessEnv {
  const download = join(go.userModCache, 'cache', 'download');
  const proxies = [existsSync(download) ? pathToFileURL(download).href : '', go.userProxy].filter(Boolean);
  return {
    ...base,
    GOROOT: go.goroot,
    GOTOOLCHAIN: 'local',
    GOCACHE: cache.gocache,
    GOMODCACHE: cache.gomodcache,
    GOPROXY: proxies.join(',') || 'off',
    GOFLAGS: [go.userFlags, '-modcacherw'].filter(Boolean).join(' '),
  };
}
