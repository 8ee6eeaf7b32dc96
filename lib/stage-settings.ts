import { z } from 'zod';
import type { SiteConfig } from '../lambdas/core/site-config.js';
import { parseSiteContext } from './site-context.js';
import { parseStage, STAGES, type Stage } from './stage.js';

const stageSchema = z.strictObject({
  /** Fields of the `dateline` site config that differ in this stage (e.g. `baseUrl`, `title`). */
  dateline: z.record(z.string(), z.unknown()).optional(),
  account: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as ca-central-1')
    .optional(),
  alarmEmail: z.union([z.email('must be an e-mail address'), z.literal('none')]).optional(),
  /** An existing table to use instead of the stack's own (a point-in-time restore). */
  storiesTable: z
    .strictObject({
      name: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'),
      streamArn: z
        .string()
        .regex(
          /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]+\/stream\/.+$/,
          "must be the table's LatestStreamArn (aws dynamodb describe-table)",
        ),
    })
    .refine((t) => t.streamArn.split('/')[1] === t.name, {
      message: 'must be the stream of the table "name" names',
      path: ['streamArn'],
    })
    .optional(),
  feedDomain: z
    .strictObject({
      name: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain name'),
      certificateArn: z
        .string()
        .regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/.+$/, 'must be an ACM ARN in us-east-1'),
    })
    .optional(),
});

export type StageContext = z.output<typeof stageSchema>;

/** Everything one stage is deployed with: its site, where it goes, who hears its alarms. */
export interface StageSettings {
  readonly stage: Stage;
  readonly site: SiteConfig;
  readonly env?: { readonly account?: string; readonly region?: string };
  readonly alarmEmail?: string;
  readonly feedDomain?: StageContext['feedDomain'];
  readonly storiesTable?: StageContext['storiesTable'];
}

/**
 * Reads the `stage` context and the matching entry of the `stages` context (cdk.json), merging
 * its `dateline` fields over the shared `dateline` block. `-c alarmEmail=…`, `-c account=…` and
 * `-c region=…` override the stage's own values. Every problem is one line naming the key.
 */
export function stageSettings(context: (key: string) => unknown): StageSettings {
  const stage = parseStage(context('stage'));
  const stages = asObject(context('stages'), 'stages');
  for (const name of Object.keys(stages)) {
    if (!(STAGES as readonly string[]).includes(name))
      throw new Error(
        `context "stages" has an unknown stage "${name}" (known: ${STAGES.join(', ')})`,
      );
  }
  const parsed = stageSchema.safeParse({
    ...asObject(stages[stage], `stages.${stage}`),
    ...overrides(context),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`context "stages.${stage}" is invalid: ${problems.join('; ')}`);
  }
  const own = parsed.data;
  if (stage === 'prod' && !own.alarmEmail) {
    throw new Error(
      'context "stages.prod.alarmEmail" is required: an address to subscribe to the alarm topic, ' +
        'or "none" if you subscribe to AlarmTopicArn yourself (a topic nobody reads pages nobody)',
    );
  }
  const base = parseSiteContext(context('dateline'));
  const site = own.dateline ? parseSiteContext({ ...base, ...own.dateline }) : base;
  const env = own.account || own.region ? { account: own.account, region: own.region } : undefined;
  return {
    stage,
    site,
    env,
    alarmEmail: own.alarmEmail,
    feedDomain: own.feedDomain,
    storiesTable: own.storiesTable,
  };
}

function overrides(context: (key: string) => unknown): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  for (const key of ['account', 'region', 'alarmEmail'] as const) {
    const value = context(key);
    if (value !== undefined) found[key] = value;
  }
  return found;
}

function asObject(value: unknown, name: string): Record<string, unknown> {
  if (value === undefined) return {};
  const parsed = typeof value === 'string' ? safeJson(value, name) : value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`context "${name}" must be an object`);
  return parsed as Record<string, unknown>;
}

function safeJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`context "${name}" is not JSON: ${(error as Error).message}`);
  }
}
