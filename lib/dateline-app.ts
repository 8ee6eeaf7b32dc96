import { Annotations, type App } from 'aws-cdk-lib';
import { CdnAlarmStack } from './cdn-alarm-stack.js';
import { DatelineStack } from './dateline-stack.js';
import type { StageSettings } from './stage-settings.js';

/** Where CloudFront's metrics (and so its alarms) live. */
export const CLOUDFRONT_METRICS_REGION = 'us-east-1';

export interface DatelineStacks {
  readonly main: DatelineStack;
  /** Outside us-east-1: the stack there holding the CloudFront 5xx alarm. */
  readonly cdnAlarm?: CdnAlarmStack;
}

/**
 * The stacks of one stage. The main stack goes where the stage says (or, unpinned, where the CDK
 * CLI's profile points: `defaults`, from CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION). In
 * us-east-1 it alarms on CloudFront itself; anywhere else a second stack in us-east-1 does, fed
 * the distribution id by a cross-region reference. With no region known at all (an offline
 * synth without a profile) there is none, and synth says so.
 */
export function addDatelineStacks(
  app: App,
  settings: StageSettings,
  defaults: { readonly account?: string; readonly region?: string } = {},
): DatelineStacks {
  const region = settings.env?.region ?? defaults.region;
  const account = settings.env?.account ?? defaults.account;
  const elsewhere = region !== undefined && region !== CLOUDFRONT_METRICS_REGION;
  const id = `Dateline-${settings.stage}`;
  const main = new DatelineStack(app, id, {
    site: settings.site,
    stage: settings.stage,
    env: region ? { account, region } : settings.env,
    alarmEmail: settings.alarmEmail,
    feedDomain: settings.feedDomain,
    storiesTable: settings.storiesTable,
    crossRegionReferences: elsewhere,
  });
  if (!region) {
    Annotations.of(main).addWarning(
      'no region known at synth: no CloudFront 5xx alarm (set the stage\'s "region", ' +
        '-c region=…, or an AWS profile with a region)',
    );
    return { main };
  }
  if (!elsewhere) return { main };
  // The reference to the distribution makes it depend on the main stack (deployed first).
  const cdnAlarm = new CdnAlarmStack(app, `${id}-cdn-alarm`, {
    env: { account, region: CLOUDFRONT_METRICS_REGION },
    crossRegionReferences: true,
    distribution: main.feeds.distribution,
    stage: settings.stage,
    alarmEmail: settings.alarmEmail,
  });
  return { main, cdnAlarm };
}
