import type { ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/**
 * Ends a child process and everything it started: SIGTERM to the whole tree, SIGKILL after 5 s,
 * and resolves once the child (and its descendants) have exited.
 */
export async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined) return;
  // `java` on PATH may be a shim that does not exec: end its descendants too.
  const tree = await processTree(child.pid);
  const signal = (name: NodeJS.Signals) => {
    for (const pid of tree) {
      try {
        process.kill(pid, name);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  // The child exiting does not prove its descendants did; give them the same grace.
  for (const pid of tree.slice(1)) await waitForExit(pid, 5000);
}

async function waitForExit(pid: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      return;
    }
    await sleep(25);
  }
}

/** `pid` and its descendants, parents first (Linux reads /proc; elsewhere just `pid`). */
async function processTree(pid: number): Promise<number[]> {
  const parents = new Map<number, number>();
  try {
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid) parents.set(Number(entry), ppid);
    }
  } catch {
    return [pid];
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  }
  return tree;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
