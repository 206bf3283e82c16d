import { DependencyType, type CreateDependencies, type RawProjectGraphDependency } from '@nx/devkit';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, posix } from 'node:path';
import { parseGoMod, parseGoWork, type GoMod } from './go-mod';
import type { GoBenchPluginOptions } from './options';

export interface GoModule {
  project: string;
  /** Project root, relative to the workspace, with forward slashes. */
  root: string;
  mod: GoMod;
}

/**
 * The edges between Go modules: A depends on B when A's go.mod replaces a
 * module with B's folder, or when the go.work at the workspace root uses
 * both A and B and A's go.mod requires B's module path.
 */
export function goModuleEdges(modules: GoModule[], goWork: { uses: string[] } | undefined): { source: string; target: string; file: string }[] {
  const byRoot = new Map(modules.map((m) => [m.root, m]));
  const edges = new Map<string, { source: string; target: string; file: string }>();
  const add = (source: GoModule, target: GoModule | undefined) => {
    if (!target || target.project === source.project) return;
    edges.set(`${source.project}\0${target.project}`, { source: source.project, target: target.project, file: posix.join(source.root, 'go.mod') });
  };
  for (const m of modules) {
    for (const replace of m.mod.localReplaces) add(m, byRoot.get(relativeRoot(posix.join(m.root, replace.dir))));
  }
  if (goWork) {
    const used = goWork.uses.map((dir) => byRoot.get(relativeRoot(dir))).filter((m): m is GoModule => m !== undefined);
    const byPath = new Map(used.map((m) => [m.mod.module, m]));
    for (const m of used) {
      for (const required of m.mod.requires) add(m, byPath.get(required));
    }
  }
  return [...edges.values()];
}

function relativeRoot(path: string): string {
  const root = posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\/?/, '').replace(/\/$/, '');
  return root === '' ? '.' : root;
}

export const createDependencies: CreateDependencies<GoBenchPluginOptions> = (_options, context) => {
  const modules: GoModule[] = [];
  for (const [project, config] of Object.entries(context.projects)) {
    const goMod = join(context.workspaceRoot, config.root, 'go.mod');
    if (!existsSync(goMod)) continue;
    modules.push({ project, root: relativeRoot(normalize(config.root)), mod: parseGoMod(readFileSync(goMod, 'utf8')) });
  }
  const goWorkPath = join(context.workspaceRoot, 'go.work');
  const goWork = existsSync(goWorkPath) ? parseGoWork(readFileSync(goWorkPath, 'utf8')) : undefined;
  return goModuleEdges(modules, goWork).map(
    (edge): RawProjectGraphDependency => ({
      source: edge.source,
      target: edge.target,
      sourceFile: edge.file,
      type: DependencyType.static,
    }),
  );
};
