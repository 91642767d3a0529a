// Child processes in their own process group, so that stopping one takes all its descendants along.
import { type ChildProcess, spawn } from 'node:child_process';
import { REPO_ROOT } from './paths';

/** A child process started in its own process group, so that stopping it can take all its descendants along. */
export interface ProcessGroup {
  child: ChildProcess;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the leader has exited. */
  stop(graceMs?: number): Promise<void>;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when the test or dev process dies without calling stop(): no orphans left behind.
  process.on('exit', () => {
    for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
  });
}

/** Spawns `command` as the leader of a new process group (never through npx, whose wrapper leaks children). */
export function spawnGroup(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; shell?: boolean; inheritOutput?: boolean } = {},
): ProcessGroup {
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    shell: options.shell ?? false,
    detached: true,
    stdio: ['ignore', options.inheritOutput ? 'inherit' : 'pipe', options.inheritOutput ? 'inherit' : 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${command}`);
  liveGroups.add(pid);
  installExitHook();
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    async stop(graceMs = 5000) {
      if (!liveGroups.has(pid)) return exited;
      signalGroup(pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), graceMs);
        }),
      ]);
      clearTimeout(timer);
      // Also reaches descendants that outlived the leader (a tsx child, a shell's children).
      signalGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
      if (timedOut) await exited;
    },
  };
}
