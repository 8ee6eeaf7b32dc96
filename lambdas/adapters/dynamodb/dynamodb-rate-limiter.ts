import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../core/ports.js';
import { RATE_PARTITION_PREFIX } from './credential-item.js';

/**
 * Requests per credential per second, counted in DynamoDB so every ingest instance on AWS shares
 * one count (an in-process bucket would count per instance). One conditional ADD per request on
 * `rate#<name>`, one item per second, removed by TTL two minutes later: a request past `perSecond`
 * in its second is refused without being counted. Fixed one-second windows let a credential send
 * up to twice the limit across a window's edge, which is the burst the local bucket allows.
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

  /** True when the request may go on; false when `name` already sent its limit this second. */
  async take(name: string): Promise<boolean> {
    const second = Math.floor(this.#clock.now().getTime() / 1000);
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { pk: `${RATE_PARTITION_PREFIX}${name}`, sk: String(second) },
          UpdateExpression: 'ADD #n :one SET #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
          ExpressionAttributeNames: { '#n': 'n', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':limit': this.#perSecond, ':ttl': second + 120 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
