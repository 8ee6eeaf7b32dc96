import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { stageSettings } from '../../lib/stage-settings.js';
import { cdkJsonContext } from './stack-fixture.js';

const base = cdkJsonContext().dateline;
const contextOf = (values: Record<string, unknown>) => (key: string) =>
  ({ dateline: base, ...values })[key];

describe('stageSettings', () => {
  it('gives dev the shared site and no environment by default', () => {
    const settings = stageSettings(contextOf({}));
    expect(settings.stage).toBe('dev');
    expect(settings.site.title).toBe((base as { title: string }).title);
    expect(settings.env).toBeUndefined();
  });

  it("merges a stage's own site settings, account, region and alarm e-mail", () => {
    const settings = stageSettings(
      contextOf({
        stage: 'staging',
        stages: {
          staging: {
            dateline: { title: 'Interior News (staging)', baseUrl: 'https://staging.example.com' },
            account: '123456789012',
            region: 'ca-central-1',
            alarmEmail: 'ops@news.example.com',
          },
        },
      }),
    );
    expect(settings.site).toMatchObject({
      title: 'Interior News (staging)',
      baseUrl: 'https://staging.example.com',
      language: (base as { language: string }).language,
    });
    expect(settings.env).toEqual({ account: '123456789012', region: 'ca-central-1' });
    expect(settings.alarmEmail).toBe('ops@news.example.com');
  });

  it('lets -c alarmEmail=… override the stage', () => {
    const settings = stageSettings(
      contextOf({
        stage: 'prod',
        stages: { prod: { alarmEmail: 'a@news.example.com' } },
        alarmEmail: 'b@news.example.com',
      }),
    );
    expect(settings.alarmEmail).toBe('b@news.example.com');
  });

  it('names the bad key of a stage in one line', () => {
    expect(() =>
      stageSettings(contextOf({ stage: 'prod', stages: { prod: { region: 'Canada' } } })),
    ).toThrow(/^context "stages.prod" is invalid: region: must be an AWS region/);
    expect(() => stageSettings(contextOf({ stages: { qa: {} } }))).toThrow(
      'context "stages" has an unknown stage "qa" (known: dev, staging, prod)',
    );
  });

  it('refuses prod without an alarm e-mail unless "none" is stated', () => {
    expect(() => stageSettings(contextOf({ stage: 'prod' }))).toThrow(
      /stages.prod.alarmEmail" is required/,
    );
    const none = stageSettings(
      contextOf({ stage: 'prod', stages: { prod: { alarmEmail: 'none' } } }),
    );
    expect(none.alarmEmail).toBe('none');
    expect(stageSettings(contextOf({ stage: 'staging' })).alarmEmail).toBeUndefined();
  });

  it('refuses a feed domain certificate outside us-east-1', () => {
    const feedDomain = {
      name: 'feeds.news.example.com',
      certificateArn: 'arn:aws:acm:ca-central-1:123456789012:certificate/abc',
    };
    expect(() => stageSettings(contextOf({ stages: { dev: { feedDomain } } }))).toThrow(
      /feedDomain.certificateArn: must be an ACM ARN in us-east-1/,
    );
  });
});

describe('bin/app.ts', () => {
  it('stops on an unknown stage with one line naming the known ones, not a stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ stage: 'qa', dateline: base }) },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'dateline: context "stage" must be one of dev, staging, prod; got qa',
    );
  });
});
