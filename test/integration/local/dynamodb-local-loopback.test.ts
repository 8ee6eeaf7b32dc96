import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDynamoDbEndpoint } from '../support/dynamodb.js';

/** Local addresses of every listening TCP socket on `port`, as /proc/net shows them (hex). */
async function listeners(port: number): Promise<string[]> {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8')).split('\n').slice(1);
    for (const line of lines) {
      const [, local = '', , state] = line.trim().split(/\s+/);
      const [address = '', hexPort = ''] = local.split(':');
      if (state === '0A' && Number.parseInt(hexPort, 16) === port) found.push(address);
    }
  }
  return found;
}

/** 127.0.0.1 as /proc/net/tcp writes it, and as an IPv4-mapped address in tcp6; or ::1. */
const LOOPBACK = new Set([
  '0100007F',
  '0000000000000000FFFF00000100007F',
  '00000000000000000000000001000000',
]);

function tryConnect(host: string, port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 5000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('DynamoDB Local in local mode', () => {
  let port: number;
  beforeAll(async () => {
    port = Number(new URL(await sharedDynamoDbEndpoint()).port);
  });

  it('listens on the loopback interface only, never on 0.0.0.0 or ::', async () => {
    const addresses = await listeners(port);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(LOOPBACK, address).toContain(address);
  });

  it('refuses connections to any other address of this machine', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal && a.family === 'IPv4')
      .map((a) => a?.address as string);
    for (const address of external) {
      expect(await tryConnect(address, port), address).toBe('ECONNREFUSED');
    }
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
  });
});
