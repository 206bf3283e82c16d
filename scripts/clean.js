// Removes the folders named on the command line, so a build never ships
// files whose sources were deleted.
const { rmSync } = require('node:fs');

for (const dir of process.argv.slice(2)) {
  rmSync(dir, { recursive: true, force: true });
}
