import execa from 'execa';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eRoot, nxVersion, repoRoot, templateDir, workspacesDir } from '../support/paths';

/**
 * Packs the plugin once, exactly as it would be published, and installs the
 * tarball with nx into a template workspace that every e2e test links its
 * node_modules to. `npm test` builds dist/ before jest starts.
 */
export default async function globalSetup(): Promise<void> {
  rmSync(templateDir, { recursive: true, force: true });
  rmSync(workspacesDir, { recursive: true, force: true });
  mkdirSync(templateDir, { recursive: true });
  mkdirSync(workspacesDir, { recursive: true });

  const packDir = join(e2eRoot, 'pack');
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir, { recursive: true });
  // As on a fresh clone: nothing built, so the tarball holds dist/ only if packing builds it.
  rmSync(join(repoRoot, 'dist'), { recursive: true, force: true });
  await execa('npm', ['pack', '--pack-destination', packDir], { cwd: repoRoot });
  const [tarball] = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  const { stdout: listing } = await execa('tar', ['-tzf', join(packDir, tarball)]);
  for (const file of ['package/dist/index.js', 'package/dist/executors/bench/executor.js', 'package/dist/go/exec-wrapper.js']) {
    if (!listing.split('\n').includes(file)) throw new Error(`npm pack left ${file} out of ${tarball}: is the prepack script gone?`);
  }

  writeFileSync(
    join(templateDir, 'package.json'),
    JSON.stringify({ name: 'e2e-template', private: true, devDependencies: { nx: nxVersion, 'nx-go-bench': `file:${join(packDir, tarball)}` } }, null, 2),
  );
  await execa('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: templateDir });
}
