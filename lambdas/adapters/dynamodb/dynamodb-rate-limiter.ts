import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../core/ports.js';
import { RATE_PARTITION_PREFIX } from './credential-item.js';

/** Whether a request may go on, and if not, how long its sender should wait. */
export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Requests per credential per second, counted in DynamoDB so every ingest instance on AWS shares
 * one count (an in-process bucket would count per instance). One `ADD` per request on
 * `rate#<name>`, one item per second, removed by TTL two minutes later. Every request counts,
 * refused ones too, as the local bucket counts them: past `perSecond` in its second a request is
 * refused, and the second's first refusal also fills the next second's count to the limit, so a
 * sender that keeps on past the limit is refused second after second, while one that waits as
 * `Retry-After` asks (until the second after next) gets through. Fixed one-second windows let a
 * credential send up to twice the limit across a window's edge.
 */
export class DynamoDbRateLimiter {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #perSecond: number;
  readonly #clock: Clock;

  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    perSecond: number;
    clock: Clock;
  }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#perSecond = options.perSecond;
    this.#clock = options.clock;
  }

  /** Counts a request of `name`: allowed while its second's count is within the limit. */
  async take(name: string): Promise<RateDecision> {
    const now = this.#clock.now().getTime();
    const second = Math.floor(now / 1000);
    const count = await this.#add(name, second, 1);
    if (count <= this.#perSecond) return { allowed: true };
    if (count === this.#perSecond + 1) await this.#add(name, second + 1, this.#perSecond);
    return { allowed: false, retryAfterSeconds: Math.ceil(((second + 2) * 1000 - now) / 1000) };
  }

  async #add(name: string, second: number, amount: number): Promise<number> {
    const { Attributes } = await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: { pk: `${RATE_PARTITION_PREFIX}${name}`, sk: String(second) },
        UpdateExpression: 'ADD #n :amount SET #ttl = if_not_exists(#ttl, :ttl)',
        ExpressionAttributeNames: { '#n': 'n', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':amount': amount, ':ttl': second + 120 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.n);
  }
}
