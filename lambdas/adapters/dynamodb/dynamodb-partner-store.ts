import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { StoredPartner } from '../../core/credentials/partner.js';
import { AlreadyExistsError } from '../../core/errors.js';
import type { DeliveryRecord, PartnerStore } from '../../core/ports.js';
import { fromPartnerItem, PARTNER_PARTITION, partnerKey, toPartnerItem } from './partner-item.js';

export interface DynamoDbPartnerStoreOptions {
  readonly client: DynamoDBDocumentClient;
  /** The credentials table (CREDENTIALS_TABLE_NAME). */
  readonly tableName: string;
}

/** Longest error text kept on a partner (what the operator reads in `GET /partners/{name}`). */
const ERROR_CHARS = 500;

/** PartnerStore on the credentials table; see partner-item.ts for the keys. */
export class DynamoDbPartnerStore implements PartnerStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbPartnerStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async get(name: string): Promise<StoredPartner | undefined> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: partnerKey(name), ConsistentRead: true }),
    );
    return result.Item ? fromPartnerItem(result.Item) : undefined;
  }

  async create(partner: StoredPartner): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: toPartnerItem(partner),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new AlreadyExistsError(`partner "${partner.name}" already exists`, 'name');
      }
      throw error;
    }
  }

  async list(): Promise<StoredPartner[]> {
    const found: StoredPartner[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': PARTNER_PARTITION },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      found.push(...(page.Items ?? []).map(fromPartnerItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  async delete(name: string): Promise<boolean> {
    const result = await this.#client.send(
      new DeleteCommand({ TableName: this.#table, Key: partnerKey(name), ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes !== undefined;
  }

  /** One UpdateItem, only while the partner exists (a removed partner is not brought back). */
  async recordDelivery(name: string, outcome: DeliveryRecord): Promise<void> {
    const update =
      outcome.kind === 'delivered'
        ? { expression: 'SET lastDeliveredAt = :at', values: { ':at': outcome.at } }
        : {
            expression:
              outcome.kind === 'parked'
                ? 'SET lastError = :error, lastErrorAt = :at ADD parked :one'
                : 'SET lastError = :error, lastErrorAt = :at',
            values: {
              ':at': outcome.at,
              ':error': outcome.error.slice(0, ERROR_CHARS),
              ...(outcome.kind === 'parked' ? { ':one': 1 } : {}),
            },
          };
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: partnerKey(name),
          UpdateExpression: update.expression,
          ExpressionAttributeValues: update.values,
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
