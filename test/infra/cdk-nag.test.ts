import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { addDatelineStacks } from '../../lib/dateline-app.js';
import { DatelineStack, type DatelineStackProps } from '../../lib/dateline-stack.js';
import { parseSiteContext } from '../../lib/site-context.js';
import { cdkJsonContext } from './stack-fixture.js';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

interface PluginReport {
  pluginName: string;
  conclusion: string;
  violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }>;
}

/** Synthesises the app with cdk-nag's AWS Solutions pack (a CDK validation plugin). */
function nagReport(build: (app: App) => void): PluginReport {
  const outdir = mkdtempSync(join(tmpdir(), 'dateline-nag-'));
  outdirs.push(outdir);
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
  build(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
  } catch {
    // A violation stops synthesis; the report says which.
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: PluginReport[];
  };
  const nag = report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
  if (!nag) throw new Error('cdk-nag did not run');
  return nag;
}

function findings(report: PluginReport): string[] {
  return report.violations.flatMap((v) =>
    v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`),
  );
}

function dateline(stage: DatelineStackProps['stage'], extra: Partial<DatelineStackProps> = {}) {
  return (app: App) =>
    new DatelineStack(app, `Dateline-${stage}`, {
      site: parseSiteContext(cdkJsonContext().dateline),
      stage,
      ...extra,
    });
}

describe('cdk-nag AwsSolutions', () => {
  it('reports an unacknowledged finding (the check can fail)', () => {
    const report = nagReport((app) => new Queue(new Stack(app, 'Bare'), 'Plain'));
    expect(report.conclusion).toBe('failure');
    expect(findings(report)).toContain('AwsSolutions-SQS3 at Bare/Plain/Resource');
  });

  it.each(['dev', 'staging', 'prod'] as const)('finds nothing unacknowledged in %s', (stage) => {
    const report = nagReport(dateline(stage));
    expect(findings(report)).toEqual([]);
    expect(report.conclusion).toBe('success');
  });

  it('finds nothing with a custom feed domain, where TLS 1.2 is the minimum', () => {
    const feedDomain = {
      name: 'feeds.news.example.com',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    };
    const report = nagReport(
      dateline('prod', { feedDomain, env: { account: '123456789012', region: 'us-east-1' } }),
    );
    expect(findings(report)).toEqual([]);
  });

  it('finds nothing in a prod stack in ca-central-1 and its CloudFront alarm stack in us-east-1', () => {
    let stacks: string[] = [];
    const report = nagReport((app) => {
      const built = addDatelineStacks(app, {
        stage: 'prod',
        site: parseSiteContext(cdkJsonContext().dateline),
        env: { account: '123456789012', region: 'ca-central-1' },
        alarmEmail: 'desk@news.example.com',
      });
      stacks = [built.main, built.cdnAlarm].map((s) => s?.stackName ?? 'none');
    });
    expect(stacks).toEqual(['Dateline-prod', 'Dateline-prod-cdn-alarm']);
    expect(findings(report)).toEqual([]);
    expect(report.conclusion).toBe('success');
  });
});
