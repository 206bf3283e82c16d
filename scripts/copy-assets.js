// Copies the executor schemas next to the compiled executors: Nx reads
// schema.json at run time and schema.d.ts types the published options.
const { cpSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const executors = join(__dirname, '..', 'src', 'executors');
for (const name of readdirSync(executors)) {
  for (const file of ['schema.json', 'schema.d.ts']) {
    cpSync(join(executors, name, file), join(__dirname, '..', 'dist', 'executors', name, file));
  }
}
