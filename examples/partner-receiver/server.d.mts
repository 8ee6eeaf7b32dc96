import type { Server } from 'node:http';

export declare function createReceiver(options: {
  secret: string | (() => string);
  onNotification?: (notification: unknown, delivery: string) => void;
  now?: () => Date;
}): Server;
