import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The cold-start reference for the publish Lambda: only the SDK clients it creates. */
const region = process.env.AWS_REGION;
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region }));
const s3 = new S3Client({ region });

export const handler = async () => ({ documents, s3 });
