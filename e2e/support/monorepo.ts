import execa from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace, type Workspace } from './workspace';

export interface Results {
  benchmarks: { name: string; uri: string }[];
}

/** The URIs of the monorepo fixture's benchmarks, by project. */
export const uris = {
  mathx: ['libs/mathx/mathx_test.go::BenchmarkDot::small', 'libs/mathx/mathx_test.go::BenchmarkDot::large'],
  api: ['services/api/api_test.go::BenchmarkScore'],
  worker: ['services/worker/worker_test.go::BenchmarkLabel'],
  'legacy-tool': ['tools/legacy/legacy_test.go::BenchmarkItoa'],
};
export const allUris = Object.values(uris).flat().sort();

/** The monorepo fixture (testdata/monorepo) in a workspace of its own, with git and the plugin registered. */
export async function monorepo(pluginEntry: unknown = { plugin: 'nx-go-bench', options: { benchOptions: { benchtime: '20ms' } } }): Promise<Workspace> {
  const ws = await createWorkspace('mono', [{ dir: '.', fixture: 'monorepo' }], { git: false });
  const nxJson = JSON.parse(readFileSync(join(ws.root, 'nx.json'), 'utf8'));
  writeFileSync(join(ws.root, 'nx.json'), JSON.stringify({ ...nxJson, plugins: [pluginEntry] }, null, 2));
  await git(ws, ['init', '-q', '-b', 'main']);
  writeFileSync(join(ws.root, '.gitignore'), 'node_modules\ndist\n.nx\nout\n');
  await commitAll(ws, 'fixture');
  return ws;
}

export const git = (ws: Workspace, args: string[]) =>
  execa('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', ...args], { cwd: ws.root });
export const commitAll = async (ws: Workspace, message: string) => {
  await git(ws, ['add', '-A']);
  await git(ws, ['commit', '-qm', message]);
};

