import { createServer } from 'node:net';

/**
 * Fails at once when the port is taken, before DynamoDB Local's JVM starts (seconds), with the
 * one line that says what to do instead of a raw `listen EADDRINUSE` after the wait.
 */
export async function assertPortFree(port: number, host?: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ port, host, exclusive: true }, resolve);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(
        `port ${port} is already in use: stop what uses it, or pick another, e.g. PORT=${port + 1} npm start`,
      );
    }
    if (code === 'EACCES') {
      throw new Error(
        `port ${port} needs privileges: pick one above 1023, e.g. PORT=3000 npm start`,
      );
    }
    throw error;
  } finally {
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  }
}
