import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');

/** Everything the e2e run creates lives here; `npm test` keeps it between runs so the Go caches stay warm. */
export const e2eRoot = process.env.NX_GO_BENCH_E2E_DIR ?? join(repoRoot, 'tmp', 'e2e');

/** The workspace in which the packed plugin and nx are installed once per run. */
export const templateDir = join(e2eRoot, 'template');

/** The plugin cache (overlays, GOCACHE, GOMODCACHE) shared by every e2e test. */
export const pluginCacheDir = join(e2eRoot, 'plugin-cache');

export const workspacesDir = join(e2eRoot, 'workspaces');

/** The nx version the e2e workspaces install, matching the devDependency. */
export const nxVersion = (require(join(repoRoot, 'package.json')) as { devDependencies: Record<string, string> })
  .devDependencies.nx;
