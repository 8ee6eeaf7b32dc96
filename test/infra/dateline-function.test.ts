import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { checkEnvironmentSize, DatelineFunction } from '../../lib/constructs/dateline-function.js';
import { DatelineStack } from '../../lib/dateline-stack.js';
import { parseSiteContext } from '../../lib/site-context.js';
import { cdkJsonContext } from './stack-fixture.js';

describe('checkEnvironmentSize', () => {
  it('accepts variables that fit in 4 KB', () => {
    expect(checkEnvironmentSize({ A: 'x'.repeat(4000) })).toEqual([]);
  });

  it('refuses variables over 4 KB', () => {
    expect(checkEnvironmentSize({ A: 'x'.repeat(4096) })).toEqual([
      expect.stringMatching(/about 4097 bytes; Lambda allows 4096/),
    ]);
  });

  it('counts an unresolved token as a typical ARN, not as its placeholder', () => {
    const stack = new Stack();
    expect(checkEnvironmentSize({ A: 'x'.repeat(3970), B: stack.stackId })).toHaveLength(1);
  });
});

/** A bare stack: no bundling; CloudFormation's schema check is bundling.test.ts's (it is slow). */
const bareStack = () =>
  new Stack(
    new App({
      context: { 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: false,
    }),
  );

describe('DatelineFunction', () => {
  it('synthesises a 200-region site: the config is compiled into the bundle, not the environment', () => {
    const context = cdkJsonContext();
    const app = new App({
      context: { ...context, 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: false,
    });
    const regions = Array.from({ length: 200 }, (_, i) => ({
      slug: `region-${i}`,
      name: `Region number ${i}`,
    }));
    const site = parseSiteContext({ ...(context.dateline as object), regions });
    new DatelineStack(app, 'Wide', { site, stage: 'dev' });
    expect(() => app.synth()).not.toThrow();
  });

  it('fails synth when the variables are too large for Lambda', () => {
    const stack = bareStack();
    new DatelineFunction(stack, 'Fn', {
      entry: fileURLToPath(new URL('../../lambdas/handlers/ingest.ts', import.meta.url)),
      environment: { HUGE: 'x'.repeat(5000) },
    });
    expect(() => Template.fromStack(stack)).toThrow(/Lambda allows 4096/);
  });

  it('defaults to 512 MB, 10 s and a month of logs', () => {
    const stack = bareStack();
    new DatelineFunction(stack, 'Fn', {
      entry: fileURLToPath(new URL('../../lambdas/handlers/ingest.ts', import.meta.url)),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 512, Timeout: 10 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });
});
