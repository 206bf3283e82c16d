import { resolve } from 'node:path';
import { archiveEarlierRuns } from './archive';
import { filesOfLiveRuns, registerResults, type Registration } from './run-registry';
import { runsRoot } from './runs-root';

/**
 * Makes a task's new results file part of its profile folder's results.
 * Within an Nx run (runDir set by the plugin's hooks) it is registered for
 * the run's merge, which moves earlier runs aside. Outside one (the plugin
 * not in nx.json's plugins, or the command line), it is the folder's latest
 * results at once: earlier runs move to history/ now. Returns how many did.
 */
export function publishResults(registration: Registration, runDir: string | undefined): number {
  if (runDir) {
    registerResults(runDir, registration);
    return 0;
  }
  if (registration.underRunner) return 0;
  const keep = new Set([...filesOfLiveRuns(runsRoot), resolve(registration.resultsFile)]);
  return archiveEarlierRuns(registration.profileFolder, keep, registration.historyLimit).moved.length;
}
