import { rmSync } from 'node:fs';
import { workspacesDir } from '../support/paths';

/** Removes the workspaces of this run; the template and the warm plugin cache stay for the next one. */
export default async function globalTeardown(): Promise<void> {
  if (!process.env.NX_GO_BENCH_E2E_KEEP) rmSync(workspacesDir, { recursive: true, force: true });
}
