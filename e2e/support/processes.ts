import { readdirSync, readFileSync } from 'node:fs';

interface ProcessInfo {
  pid: number;
  ppid: number;
  state: string;
  command: string;
}

/** Every process on the machine, from /proc. */
export function processes(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return [{ pid: Number(name), ppid: Number(ppid), state, command }];
      } catch {
        return [];
      }
    });
}

/**
 * Follows the process tree under root while it runs: every 100 ms it adds
 * the descendants of root, and of every process seen under it before (which
 * keep their pids when adopted), to what it has seen. `left()` lists those
 * still running (zombies count as ended), by parent chain rather than by
 * name, so it also finds a process that the run started under another name.
 */
export function followTree(root: number): { seen(): ProcessInfo[]; left(): ProcessInfo[]; stop(): void } {
  const seen = new Map<number, ProcessInfo>();
  const look = () => {
    const all = processes();
    const known = new Set([root, ...seen.keys()]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of all) {
        if (!known.has(p.pid) && known.has(p.ppid)) {
          known.add(p.pid);
          seen.set(p.pid, p);
          grew = true;
        }
      }
    }
  };
  look();
  const timer = setInterval(look, 100);
  return {
    seen: () => (look(), [...seen.values()]),
    left: () => {
      const running = new Map(processes().map((p) => [p.pid, p]));
      return [...seen.values()].filter((p) => {
        const now = running.get(p.pid);
        return now !== undefined && now.state !== 'Z' && now.command === p.command;
      });
    },
    stop: () => clearInterval(timer),
  };
}

/** Resolves once check() holds, or rejects after ms, naming what. */
export async function waitFor(what: string, check: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!check()) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}
