import { RemovalPolicy } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseStage, removalPolicyFor } from '../../lib/stage.js';
import { sharedStack } from './stack-fixture.js';
import { logicalId } from './template-helpers.js';

describe('parseStage', () => {
  it('defaults to dev', () => {
    expect(parseStage(undefined)).toBe('dev');
  });

  it.each(['dev', 'staging', 'prod'] as const)('accepts %s', (stage) => {
    expect(parseStage(stage)).toBe(stage);
  });

  it('refuses an unknown stage, naming the allowed ones', () => {
    expect(() => parseStage('qa')).toThrow(/dev, staging, prod.*qa/);
  });
});

describe('removalPolicyFor', () => {
  it('destroys dev and retains staging and prod', () => {
    expect(removalPolicyFor('dev')).toBe(RemovalPolicy.DESTROY);
    expect(removalPolicyFor('staging')).toBe(RemovalPolicy.RETAIN);
    expect(removalPolicyFor('prod')).toBe(RemovalPolicy.RETAIN);
  });
});

describe('DatelineStack stages', () => {
  const stateful = [
    'AWS::DynamoDB::Table',
    'AWS::S3::Bucket',
    'AWS::SecretsManager::Secret',
    'AWS::Logs::LogGroup',
  ];
  const deletionPolicies = (template: Template) =>
    stateful.flatMap((type) =>
      Object.entries(template.findResources(type)).map(([id, r]) => [id, r.DeletionPolicy]),
    );

  it('retains every stateful resource in prod, and protects the stack', () => {
    const { stack, template } = sharedStack('prod');
    // The audience day keys are never kept: a key outliving its stack could unmask client hashes.
    const keys = logicalId(stack.audience.keysTable);
    expect(template.toJSON().Resources[keys].DeletionPolicy).toBe('Delete');
    const kept = deletionPolicies(template).filter(([id]) => id !== keys);
    expect(new Set(kept.map(([, policy]) => policy))).toEqual(new Set(['Retain']));
    expect(template.findResources('Custom::S3AutoDeleteObjects')).toEqual({});
    expect(stack.terminationProtection).toBe(true);
  });

  it('destroys every stateful resource in dev, emptying the bucket first', () => {
    const { stack, template } = sharedStack('dev');
    expect(new Set(deletionPolicies(template).map(([, policy]) => policy))).toEqual(
      new Set(['Delete']),
    );
    // The feed bucket and the audience log bucket.
    expect(Object.keys(template.findResources('Custom::S3AutoDeleteObjects'))).toHaveLength(2);
    expect(stack.terminationProtection).toBe(false);
  });

  it('tells the functions their stage', () => {
    const template = sharedStack('prod').template;
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Runtime === 'nodejs22.x',
    );
    // ingest, publish, the feed renderer, the authorizer, the partner push sender and the log
    // processor
    expect(functions).toHaveLength(6);
    for (const f of functions) expect(f.Properties.Environment.Variables.APP_ENV).toBe('prod');
  });
});
