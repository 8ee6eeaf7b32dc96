/**
 * Local stand-in for the minute sweep on AWS: runs `sweep` every `intervalMs`, never two at
 * once, so an embargo lifts within that interval of its instant (and the sitemaps follow the
 * stories within it). `now()` runs one at once, after the one running.
 */
export function createSweepTimer(
  sweep: () => Promise<void>,
  options: { intervalMs: number; onError: (error: unknown) => void },
) {
  let running: Promise<void> | undefined;
  const start = (): Promise<void> => {
    const run = sweep();
    const done: Promise<void> = run
      .catch(() => undefined)
      .finally(() => {
        if (running === done) running = undefined;
      });
    running = done;
    return run;
  };
  const tick = () => {
    if (!running) start().catch(options.onError);
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    /** Runs a sweep now, once the one running (if any) has ended; rejects with its error. */
    async now(): Promise<void> {
      while (running) await running;
      await start();
    },
    async settled(): Promise<void> {
      await running;
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
