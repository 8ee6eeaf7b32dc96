import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** One phase of the fairness bench: who sends, how fast, for how long. */
export interface Phase {
  readonly url: string;
  readonly phase: string;
  readonly seconds: number;
  readonly desks: ReadonlyArray<{ token: string; perSecond: number }>;
  readonly flood?: { token: string; perSecond: number };
}

/** What a phase measured: the desks' POST latencies (ms), and the flood's 429 answers. */
export interface Sent {
  readonly latencies: number[];
  readonly refused: number;
}

/**
 * The fairness bench's senders in a process of their own (this file, forked with tsx), driven
 * phase by phase over IPC.
 */
export async function startSenders(): Promise<{
  run(phase: Phase): Promise<Sent>;
  stop(): void;
}> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    run: (phase) =>
      new Promise((resolve, reject) => {
        const failed = (code: number | null) =>
          reject(new Error(`the senders' process exited (code ${code})`));
        child.once('exit', failed);
        child.once('message', (message: Sent | { error: string }) => {
          child.off('exit', failed);
          if ('error' in message) reject(new Error(message.error));
          else resolve(message);
        });
        child.send(phase);
      }),
    stop: () => void child.kill(),
  };
}

/** Runs one phase: each desk and the flood paced, each POST timed by the desk that sent it. */
async function runPhase(phase: Phase): Promise<Sent> {
  const latencies: number[] = [];
  let refused = 0;
  const stop = Date.now() + phase.seconds * 1000;
  const senders = phase.desks.map(({ token, perSecond }, d) =>
    paced(perSecond, stop, d / phase.desks.length, async (n) => {
      const id = `${phase.phase}-${d}-${n}-${randomUUID()}`;
      const answer = await post(phase.url, token, id);
      // A desk sends under its limit: a 429 (answered at once) would flatter its latencies.
      if (answer.status !== 201) throw new Error(`a desk's POST answered ${answer.status}`);
      latencies.push(answer.ms);
    }),
  );
  const flood = phase.flood;
  if (flood) {
    senders.push(
      paced(flood.perSecond, stop, 0, async (n) => {
        const answer = await post(phase.url, flood.token, `flood-${n}-${randomUUID()}`);
        if (answer.status === 429) refused++;
      }),
    );
  }
  await Promise.all(senders);
  return { latencies, refused };
}

/**
 * Calls `send` `perSecond` times a second (not waiting for answers) until `stop`, the first call
 * `offset` of an interval late: desks that each send on the same beat would always arrive
 * together, as independent newsrooms do not.
 */
async function paced(
  perSecond: number,
  stop: number,
  offset: number,
  send: (n: number) => Promise<void>,
): Promise<void> {
  const pending: Promise<void>[] = [];
  const start = Date.now() + (offset * 1000) / perSecond;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now())));
  for (let n = 0; Date.now() < stop; n++) {
    pending.push(send(n));
    const next = start + ((n + 1) * 1000) / perSecond;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
  }
  await Promise.all(pending);
}

async function post(
  url: string,
  token: string,
  id: string,
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/stories`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id,
      version: 1,
      channel: 'local',
      regions: ['okanagan'],
      headline: 'Farmers market moves indoors for the winter',
      summary: 'The Saturday market opens in the arena hall from November.',
      url: `https://news.example.com/okanagan/${id}`,
    }),
  });
  await response.arrayBuffer();
  const status = response.status;
  if (status !== 201 && status !== 429) throw new Error(`POST answered ${status}`);
  return { status, ms: performance.now() - started };
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  process.on('message', (phase: Phase) => {
    runPhase(phase).then(
      (sent) => process.send?.(sent),
      (error: Error) => process.send?.({ error: error.message }),
    );
  });
}
