import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Proc {
  readonly pid: number;
  readonly command: string;
}

/** A process and all its descendants, from `ps` (Linux and macOS alike). */
function processTree(root: number): Proc[] {
  const rows = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .flatMap((m) => (m ? [{ pid: Number(m[1]), ppid: Number(m[2]), command: m[3] ?? '' }] : []));
  const tree = rows.filter((row) => row.pid === root);
  for (let i = 0; i < tree.length; i++) {
    tree.push(...rows.filter((row) => row.ppid === tree[i]?.pid));
  }
  return tree.map(({ pid, command }) => ({ pid, command }));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The local addresses listening on `port` (Linux: /proc/net/tcp and tcp6), as hex words. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // st 0A is LISTEN
      .filter((cols) => cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A')
      .map((cols) => cols[1]?.split(':')[0] ?? ''),
  );
}

/** Everything the child prints, and a way to wait until it has printed a pattern. */
function captureOutput(child: ChildProcess) {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return async (pattern: RegExp, ms: number): Promise<RegExpMatchArray> => {
    const started = Date.now();
    for (;;) {
      const match = output.match(pattern);
      if (match) return match;
      if (Date.now() - started > ms) throw new Error(`no ${pattern} within ${ms} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
}

describe('npm start', { concurrent: true }, () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'leaves no process behind on %s during start-up, before the banner',
    async (signal) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'lambdas/local/server.ts'], {
        detached: true,
        env: { ...process.env, PORT: '0', DATELINE_SEED: '0', LOG_LEVEL: 'WARN' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const waitForOutput = captureOutput(child);
      try {
        // The JVM has been spawned and is starting: the moment the old handlers were not there.
        await waitForOutput(/starting DynamoDB Local \(Java\) on port/, 240_000);
        const started = processTree(child.pid as number);
        expect(started.filter((p) => p.command.includes('DynamoDBLocal'))).toHaveLength(1);
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        process.kill(child.pid as number, signal);
        expect(await exited).toBe(signal === 'SIGINT' ? 130 : 143);
        await waitForOutput(/received during start-up/, 60_000);
        // The JVM dies by SIGKILL as the server exits; give the kernel a moment to reap it.
        for (let i = 0; i < 100 && started.some((p) => isAlive(p.pid)); i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(started.filter((p) => isAlive(p.pid))).toEqual([]);
      } finally {
        if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGKILL');
      }
    },
    300_000,
  );

  it('prints progress, the URL, a token export and example posts that work, serves, and shuts down with DynamoDB Local on Ctrl-C', async () => {
    // Its own process group, so a signal reaches it the way Ctrl-C in a terminal does.
    // What `npm start` runs: node itself, so Ctrl-C reaches the server with no relay between
    // (the tsx CLI SIGKILLs its child when it does not confirm a signal within 30 ms).
    const child = spawn(process.execPath, ['--import', 'tsx', 'lambdas/local/server.ts'], {
      detached: true,
      env: {
        ...process.env,
        PORT: '0',
        DATELINE_TOKEN: 'start-test-token-123456',
        DATELINE_SEED: '0',
        LOG_LEVEL: 'WARN',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const waitForOutput = captureOutput(child);
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
      process.stderr.write(chunk);
    });
    try {
      const [, url] = await waitForOutput(/running at (http:\/\/localhost:\d+)/, 240_000);
      const banner = await waitForOutput(/Press Ctrl-C/, 60_000);
      const printed = banner.input ?? '';
      expect(printed).toContain('starting DynamoDB Local (Java) on port');
      expect(printed).toContain('start-test-token-123456 (from DATELINE_TOKEN)');
      expect(printed).toContain('export DATELINE_TOKEN=start-test-token-123456\n');
      expect(printed).toContain(`${url}/feeds/okanagan/local.rss`);
      const examples = [...printed.matchAll(/ -d @(\S+)/g)].map((m) => m[1] ?? '');
      expect(examples).toEqual([
        'examples/local-teaser.json',
        'examples/wire-story.json',
        'examples/ninjs-story.json',
      ]);
      expect(examples.filter((file) => !existsSync(file))).toEqual([]);
      const posted = await fetch(`${url}/stories`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer start-test-token-123456',
          'content-type': 'application/json',
        },
        body: readFileSync('examples/local-teaser.json'),
      });
      expect(posted.status).toBe(201);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      // 127.0.0.1 only (0100007F in /proc's byte order): no other machine can reach it.
      expect(listeningAddresses(Number(new URL(url ?? '').port))).toEqual(['0100007F']);
      expect((await fetch(`${url}/feeds/shuswap/wire.json`)).status).toBe(200);
      // Only what this test started counts: other runs on the machine have their own JVMs.
      const started = processTree(child.pid as number);
      expect(started.filter((p) => p.command.includes('DynamoDBLocal'))).toHaveLength(1);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      // Ctrl-C while the publisher is still at work on a new story: it finishes or stops quietly
      // (the terminal signals the whole group, but DynamoDB Local is not in it).
      const busy = await fetch(`${url}/stories`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer start-test-token-123456',
          'content-type': 'application/json',
        },
        body: readFileSync('examples/wire-story.json'),
      });
      expect(busy.status).toBe(201);
      process.kill(-(child.pid as number), 'SIGINT');
      expect(await exited).toBe(0);
      expect(started.filter((p) => isAlive(p.pid))).toEqual([]);
      const shutdown = (await waitForOutput(/Dateline: stopped\./, 60_000)).input ?? '';
      expect(`${shutdown}${errors}`).not.toMatch(/publish failed|ECONNREFUSED/);
    } finally {
      if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGKILL');
    }
  }, 300_000);
});

/** Runs `npm start`'s entry with `env` to its exit; what it printed and its exit code. */
function startAndExit(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lambdas/local/server.ts'], {
    env: { ...process.env, DATELINE_SEED: '0', LOG_LEVEL: 'WARN', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  // A start that does not refuse runs until stopped: stop it, so the test fails rather than hangs.
  const stop = setTimeout(() => child.kill('SIGTERM'), 90_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(stop);
      resolve({ code, out });
    }),
  );
}

describe('npm start refuses what it cannot run with one line that says what to do', {
  concurrent: true,
}, () => {
  it('a busy port, before DynamoDB Local starts', async () => {
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const { code, out } = await startAndExit({ PORT: String(port) });

      expect(code).toBe(1);
      expect(out).toContain(
        `Dateline failed to start: port ${port} is already in use: stop what uses it, or pick another, e.g. PORT=${port + 1} npm start`,
      );
      expect(out).not.toContain('DynamoDB Local (Java)');
    } finally {
      busy.close();
    }
  });

  it('no Java on the PATH, with how to install a JDK', async () => {
    // A PATH with node alone (on many machines node and java share /usr/bin).
    const { mkdtempSync, symlinkSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const nodeOnly = mkdtempSync(`${tmpdir()}/dateline-path-`);
    symlinkSync(process.execPath, `${nodeOnly}/node`);
    const { code, out } = await startAndExit({ PORT: '0', PATH: nodeOnly });
    rmSync(nodeOnly, { recursive: true });

    expect(code).toBe(1);
    expect(out).toMatch(
      /Dateline failed to start: .*`java` is not on the PATH.*Install a JDK: on Debian\/Ubuntu `sudo apt-get install openjdk-17-jdk-headless`, on macOS `brew install openjdk@17`/,
    );
  });
});
