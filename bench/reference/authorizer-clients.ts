import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The cold-start reference for the authorizer Lambda: only the SDK clients it creates. */
const region = process.env.AWS_REGION;
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region }));
const secrets = new SecretsManagerClient({ region });

export const handler = async () => ({ documents, secrets });
