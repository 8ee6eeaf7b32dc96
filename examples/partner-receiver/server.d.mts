import type { Server } from 'node:http';

export declare function createReceiver(options: {
  secret: string;
  onNotification?: (notification: unknown, delivery: string) => void;
  now?: () => Date;
}): Server;
