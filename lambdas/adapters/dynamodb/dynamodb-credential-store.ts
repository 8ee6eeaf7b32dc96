import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { StoredCredential } from '../../core/credentials/credential.js';
import { AlreadyExistsError } from '../../core/errors.js';
import type { CredentialStore } from '../../core/ports.js';
import {
  CREDENTIAL_PARTITION,
  credentialKey,
  fromCredentialItem,
  toCredentialItem,
} from './credential-item.js';

export interface DynamoDbCredentialStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** CredentialStore on the stories table; see credential-item.ts for the keys. */
export class DynamoDbCredentialStore implements CredentialStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbCredentialStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  /** Strongly consistent, so a revoke is seen by the very next request. */
  async get(name: string): Promise<StoredCredential | undefined> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: credentialKey(name), ConsistentRead: true }),
    );
    return result.Item ? fromCredentialItem(result.Item) : undefined;
  }

  async create(credential: StoredCredential): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: toCredentialItem(credential),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new AlreadyExistsError(`credential "${credential.name}" already exists`, 'name');
      }
      throw error;
    }
  }

  async list(): Promise<StoredCredential[]> {
    const found: StoredCredential[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': CREDENTIAL_PARTITION },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      found.push(...(page.Items ?? []).map(fromCredentialItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  async delete(name: string): Promise<boolean> {
    const result = await this.#client.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: credentialKey(name),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return result.Attributes !== undefined;
  }
}
