import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../lambdas/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's one DynamoDB Local (in memory); each test file makes its own table. */
    dynamodbEndpoint: string;
  }
}

/** Starts DynamoDB Local once per integration run and stops it on teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Generous: on a busy shared machine the JVM can take well over 30 s to answer.
  const dynamo = await startDynamoDbLocal({ readyTimeoutMs: 120_000 });
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
