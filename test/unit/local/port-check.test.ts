import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertPortFree } from '../../../lambdas/local/port-check.js';

describe('assertPortFree', () => {
  let busy: Server;
  let port: number;

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, resolve));
    port = (busy.address() as { port: number }).port;
  });

  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('refuses a taken port in one line with the PORT= to use instead', async () => {
    await expect(assertPortFree(port)).rejects.toThrow(
      `port ${port} is already in use: stop what uses it, or pick another, e.g. PORT=${port + 1} npm start`,
    );
  });

  it('lets a free port through and leaves it free', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, resolve));
    const free = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    await expect(assertPortFree(free)).resolves.toBeUndefined();
    await expect(assertPortFree(free)).resolves.toBeUndefined();
  });
});
