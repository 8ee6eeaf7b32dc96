import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../core/ports.js';
import type { DailyKeys } from './daily-keys.js';

/** Days a key is kept after its own: CloudFront delivers most log files within an hour, some later. */
export const KEY_GRACE_DAYS = 1;

export interface DynamoDbDailyKeysOptions {
  readonly client: DynamoDBDocumentClient;
  /** A table of its own (not the stats table): the keys are never stored beside the hashes. */
  readonly tableName: string;
  readonly clock: Clock;
}

/**
 * The log processor's daily keys, shared by every instance: the first to need a day's key makes
 * it (a conditional put; a loser reads the winner's), and `discardOld` deletes every key whose
 * day is more than a day past. TTL removes any a missed run left, within two days more.
 */
export class DynamoDbDailyKeys implements DailyKeys {
  private readonly options: DynamoDbDailyKeysOptions;
  private readonly cache = new Map<string, Uint8Array>();

  constructor(options: DynamoDbDailyKeysOptions) {
    this.options = options;
  }

  async keyFor(day: string): Promise<Uint8Array | undefined> {
    if (day < this.oldestKept()) return undefined;
    const cached = this.cache.get(day);
    if (cached) return cached;
    const key = (await this.read(day)) ?? (await this.create(day));
    this.cache.set(day, key);
    return key;
  }

  /** Deletes the keys of the days before the oldest kept (idempotent; run on every invocation). */
  async discardOld(): Promise<void> {
    const oldest = Date.parse(`${this.oldestKept()}T00:00:00Z`);
    for (const [day, key] of this.cache) {
      if (day < this.oldestKept()) {
        key.fill(0);
        this.cache.delete(day);
      }
    }
    for (const back of [1, 2, 3]) {
      const day = new Date(oldest - back * 86_400_000).toISOString().slice(0, 10);
      await this.options.client.send(
        new DeleteCommand({ TableName: this.options.tableName, Key: keyOf(day) }),
      );
    }
  }

  private oldestKept(): string {
    const now = this.options.clock.now().getTime();
    return new Date(now - KEY_GRACE_DAYS * 86_400_000).toISOString().slice(0, 10);
  }

  private async read(day: string): Promise<Uint8Array | undefined> {
    const { Item } = await this.options.client.send(
      new GetCommand({ TableName: this.options.tableName, Key: keyOf(day), ConsistentRead: true }),
    );
    return Item?.secret instanceof Uint8Array ? Item.secret : undefined;
  }

  private async create(day: string): Promise<Uint8Array> {
    const secret = randomBytes(32);
    const expires = Date.parse(`${day}T00:00:00Z`) / 1000 + (KEY_GRACE_DAYS + 2) * 86_400;
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { ...keyOf(day), secret, ttl: expires },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return secret;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const winner = await this.read(day);
      if (!winner) throw new Error(`the key of ${day} vanished while it was made`);
      return winner;
    }
  }
}

function keyOf(day: string) {
  return { pk: `key#${day}`, sk: 'key' };
}
