// Runs the bundled example: packs the plugin as it would be published,
// installs it with nx into tmp/example (a copy of testdata/example with its
// own git repository), and runs `nx run api:bench` there. Run it through
// `npm run example`, which builds the plugin first.
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const repo = join(__dirname, '..');
const workspace = join(repo, 'tmp', 'example');
const packDir = join(repo, 'tmp', 'example-pack');
const npm = process.env.npm_execpath;
const manifest = require(join(repo, 'package.json'));

function run(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function mustRun(command, args, cwd) {
  const status = run(command, args, cwd);
  if (status !== 0) process.exit(status);
}

if (!npm) {
  console.error('Run this script with "npm run example": it needs npm to pack and install the plugin.');
  process.exit(1);
}

rmSync(packDir, { recursive: true, force: true });
mkdirSync(packDir, { recursive: true });
mustRun(process.execPath, [npm, 'pack', '--silent', '--pack-destination', packDir], repo);
const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz')));

mkdirSync(workspace, { recursive: true });
cpSync(join(repo, 'testdata', 'example'), workspace, { recursive: true });
writeFileSync(
  join(workspace, 'package.json'),
  JSON.stringify(
    { name: 'nx-go-bench-example', private: true, devDependencies: { nx: manifest.devDependencies.nx, 'nx-go-bench': `file:${tarball}` } },
    null,
    2,
  ) + '\n',
);
writeFileSync(join(workspace, '.gitignore'), 'node_modules\ndist\n.nx\n');
// The tarball keeps its name and version from build to build, so npm would keep an earlier install.
rmSync(join(workspace, 'node_modules', 'nx-go-bench'), { recursive: true, force: true });
rmSync(join(workspace, 'package-lock.json'), { force: true });
mustRun(process.execPath, [npm, 'install', '--no-audit', '--no-fund', '--loglevel=error'], workspace);
if (!existsSync(join(workspace, '.git'))) mustRun('git', ['init', '-q'], workspace);

const nxManifest = join(workspace, 'node_modules', 'nx', 'package.json');
const nxBin = join(workspace, 'node_modules', 'nx', require(nxManifest).bin.nx);
const status = run(process.execPath, [nxBin, 'run', 'api:bench'], workspace, {
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
});
if (status === 0) console.log(`\nExample workspace: ${workspace}\nResults: ${join(workspace, 'dist', 'go-bench', 'results')}`);
process.exit(status);
