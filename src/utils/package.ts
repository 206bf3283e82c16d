import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The root of the installed package: dist/utils/ and src/utils/ both sit two levels below it. */
export const packageRoot = join(__dirname, '..', '..');

const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { name: string; version: string };

export const pluginName = manifest.name;
export const pluginVersion = manifest.version;
