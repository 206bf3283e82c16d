import { readJsonFile, writeJsonFile, type CreateNodes, type CreateNodesContext, type CreateNodesResult, type TargetConfiguration } from '@nx/devkit';
import { calculateHashesForCreateNodes, workspaceDataDirectory } from '@nx/devkit/internal';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pluginName, pluginVersion } from '../utils/package';
import { hostContext } from './build-constraints';
import { parseGoMod } from './go-mod';
import { normalizePluginOptions, type GoBenchPluginOptions, type NormalizedPluginOptions } from './options';
import { projectNames } from './project-names';
import { moduleHasBenchmarks, skippedDir } from './scan-module';

/** What inference learns about one module; cached by the hash of the module's files. */
interface ModuleFacts {
  modulePath: string;
  hasBenchmarks: boolean;
}

export const goModGlob = '**/go.mod';

/**
 * Makes a project of every Go module (a folder with go.mod) and gives the
 * ones that declare benchmarks a bench target. Modules without benchmarks
 * still become projects, so that `nx affected` follows a change in them to
 * the modules that depend on them. A folder that already has a project.json
 * or package.json keeps the name it has there: the plugin only adds the
 * target.
 */
export const createNodes: CreateNodes<GoBenchPluginOptions> = [
  goModGlob,
  async (configFiles, rawOptions, context) => {
    const options = normalizePluginOptions(rawOptions);
    const goMods = configFiles.filter((file) => !dirname(file).split('/').some(skippedDir));
    const roots = goMods.map((file) => dirname(file));
    const hashes = await calculateHashesForCreateNodes(roots, { options, pluginVersion }, context);
    const cachePath = join(workspaceDataDirectory, `${pluginName}-inference.json`);
    const cache = readCache(cachePath);
    const fresh: Record<string, ModuleFacts> = {};
    const ctx = hostContext(options.tags);
    const facts = roots.map((root, i) => {
      const known = cache[hashes[i]] ?? {
        modulePath: parseGoMod(readFileSync(join(context.workspaceRoot, goMods[i]), 'utf8')).module,
        hasBenchmarks: moduleHasBenchmarks(join(context.workspaceRoot, root), ctx),
      };
      fresh[hashes[i]] = known;
      return known;
    });
    writeCache(cachePath, fresh);

    const names = projectNames(roots.map((root, i) => ({ root, modulePath: facts[i].modulePath })));
    return goMods.map((goMod, i) => [goMod, projectNode(roots[i], facts[i], names.get(roots[i])!, options, context)] as const);
  },
];

/** The alias that Nx releases before 22 look for. */
export const createNodesV2 = createNodes;

function projectNode(
  root: string,
  facts: ModuleFacts,
  name: string,
  options: NormalizedPluginOptions,
  context: CreateNodesContext,
): CreateNodesResult {
  const named = ['project.json', 'package.json'].some((file) => existsSync(join(context.workspaceRoot, root, file)));
  const targets: Record<string, TargetConfiguration> = {};
  if (facts.hasBenchmarks && options.targetName !== false) targets[options.targetName] = benchTarget(options);
  return {
    projects: {
      [root]: {
        ...(named ? {} : { name }),
        targets,
        metadata: { technologies: ['go'], description: facts.modulePath ? `Go module ${facts.modulePath}` : undefined },
      },
    },
  };
}

/**
 * The inferred target: not cacheable, since its numbers belong to the
 * machine and the moment. Its inputs are what go test reads: the module's
 * Go files and go.mod/go.sum, those of the modules it depends on (so that
 * Nx's task-level affected selects it when a dependency changes), the
 * workspace's go.work, and the environment that changes the build.
 */
export function benchTarget(options: NormalizedPluginOptions): TargetConfiguration {
  return {
    executor: `${pluginName}:bench`,
    options: { ...options.benchOptions },
    cache: false,
    inputs: [
      '{projectRoot}/**/*.go',
      '{projectRoot}/go.mod',
      '{projectRoot}/go.sum',
      { fileset: '{projectRoot}/**/*.go', dependencies: true },
      { fileset: '{projectRoot}/go.mod', dependencies: true },
      { fileset: '{projectRoot}/go.sum', dependencies: true },
      '{workspaceRoot}/go.work',
      '{workspaceRoot}/go.work.sum',
      { env: 'CODSPEED_RUNNER_MODE' },
      { env: 'GOFLAGS' },
      { env: 'GOTOOLCHAIN' },
    ],
    metadata: {
      technologies: ['go'],
      description: 'Run the Go benchmarks of this module and write CodSpeed walltime results',
    },
  };
}

function readCache(path: string): Record<string, ModuleFacts> {
  try {
    return existsSync(path) ? (readJsonFile(path) as Record<string, ModuleFacts>) : {};
  } catch {
    return {};
  }
}

function writeCache(path: string, facts: Record<string, ModuleFacts>): void {
  try {
    writeJsonFile(path, facts);
  } catch {
    // A read-only workspace data folder only costs the next run a rescan.
  }
}
