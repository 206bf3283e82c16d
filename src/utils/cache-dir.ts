import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The default hermetic cache folder: `nx-go-bench` in the user cache folder,
 * found the way Go's os.UserCacheDir finds it, so that it survives between
 * runs and workspaces like Go's own build cache.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  return join(userCacheDir(env, platform), 'nx-go-bench');
}

function userCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32') return env.LocalAppData ?? env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local');
  if (platform === 'darwin') return join(env.HOME ?? homedir(), 'Library', 'Caches');
  return env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/')
    ? env.XDG_CACHE_HOME
    : join(env.HOME ?? homedir(), '.cache');
}
