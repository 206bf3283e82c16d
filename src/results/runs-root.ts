import { workspaceDataDirectory } from '@nx/devkit/internal';
import { join } from 'node:path';

/** The folder of the run folders of this workspace (see run-registry). */
export const runsRoot = join(workspaceDataDirectory, 'nx-go-bench-runs');

/** The run folder of one Nx run, by the id Nx gives the run's hooks. */
export function runFolder(id: string): string {
  return join(runsRoot, id);
}
