/**
 * Local stand-in for the minute sweep on AWS: runs `sweep` every `intervalMs`, never two at
 * once, so an embargo lifts within that interval of its instant.
 */
export function createSweepTimer(
  sweep: () => Promise<void>,
  options: { intervalMs: number; onError: (error: unknown) => void },
) {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = sweep()
      .catch(options.onError)
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    async settled(): Promise<void> {
      await running;
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
