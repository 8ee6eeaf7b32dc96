import { RemovalPolicy } from 'aws-cdk-lib';

/** The deployment stages the app knows; `dev` is disposable, `staging` and `prod` keep data. */
export const STAGES = ['dev', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** Reads the optional `stage` context value (`-c stage=prod`); absent means `dev`. */
export function parseStage(value: unknown): Stage {
  if (value === undefined) return 'dev';
  const stage = STAGES.find((s) => s === value);
  if (!stage)
    throw new Error(`context "stage" must be one of ${STAGES.join(', ')}; got ${String(value)}`);
  return stage;
}

/** Stateful resources outlive a `staging` or `prod` stack; a `dev` stack takes them with it. */
export function removalPolicyFor(stage: Stage): RemovalPolicy {
  return stage === 'dev' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
}
