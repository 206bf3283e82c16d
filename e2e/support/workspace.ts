import execa from 'execa';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pluginCacheDir, repoRoot, templateDir, workspacesDir } from './paths';

export interface Workspace {
  root: string;
  /**
   * Runs nx in the workspace with the shared plugin cache; never throws for
   * a failing task. A wrapper command, if given, runs nx (valgrind, say).
   */
  nx(args: string[], env?: NodeJS.ProcessEnv, wrapper?: string[]): execa.ExecaChildProcess;
  /** Results files of a profile folder (relative to the workspace), newest last. */
  results(profile?: string): string[];
  readJson<T = unknown>(path: string): T;
}

export interface ProjectSpec {
  /** Folder in the workspace. */
  dir: string;
  /** Folder under testdata/ copied there. */
  fixture: string;
  /** project.json to write, if any. */
  project?: object;
}

/**
 * Creates a real Nx workspace: package.json, nx.json, node_modules linked to
 * the template where the packed plugin is installed, the fixture Go
 * projects, and a git repository with everything committed.
 */
export async function createWorkspace(
  name: string,
  projects: ProjectSpec[],
  options: { git?: boolean; parent?: string } = {},
): Promise<Workspace> {
  const root = mkdtempSync(join(options.parent ?? workspacesDir, `${name}-`));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, private: true }, null, 2));
  writeFileSync(join(root, 'nx.json'), JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json' }, null, 2));
  symlinkSync(join(templateDir, 'node_modules'), join(root, 'node_modules'), 'dir');
  for (const project of projects) {
    const target = join(root, project.dir);
    mkdirSync(target, { recursive: true });
    cpSync(join(repoRoot, 'testdata', project.fixture), target, { recursive: true });
    if (project.project) writeFileSync(join(target, 'project.json'), JSON.stringify(project.project, null, 2));
  }
  if (options.git !== false) {
    writeFileSync(join(root, '.gitignore'), 'node_modules\ndist\n.nx\n');
    const git = (args: string[]) => execa('git', args, { cwd: root });
    await git(['init', '-q']);
    await git(['add', '-A']);
    await git(['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', 'commit', '-qm', 'fixture']);
  }
  return {
    root,
    nx: (args, env = {}, wrapper = []) =>
      execa(wrapper[0] ?? join(root, 'node_modules', '.bin', 'nx'), wrapper.length > 0 ? [...wrapper.slice(1), join(root, 'node_modules', '.bin', 'nx'), ...args] : args, {
        cwd: root,
        reject: false,
        all: true,
        // The fault catalogue prints 100 MB through nx; execa would kill nx past its default of 100 MB.
        maxBuffer: 400e6,
        env: {
          NX_DAEMON: 'false',
          NX_NO_CLOUD: 'true',
          NX_SKIP_NX_CACHE: 'true',
          NX_TUI: 'false',
          CI: 'true',
          FORCE_COLOR: '0',
          NX_GO_BENCH_CACHE_DIR: pluginCacheDir,
          ...env,
        },
      }),
    results(profile = join('dist', 'go-bench')) {
      const dir = join(root, profile, 'results');
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(dir, f));
    },
    readJson: (path) => JSON.parse(readFileSync(path, 'utf8')),
  };
}

/** A bench target in project.json with the given options. */
export function benchProject(name: string, options: object = {}): object {
  return { name, targets: { bench: { executor: 'nx-go-bench:bench', options } } };
}
