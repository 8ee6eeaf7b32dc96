import { App, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addDatelineStacks } from '../lib/dateline-app.js';
import { type StageSettings, stageSettings } from '../lib/stage-settings.js';

const app = new App();
let settings: StageSettings;
try {
  settings = stageSettings((key) => app.node.tryGetContext(key));
} catch (error) {
  // A configuration mistake is one line naming the key, not a stack trace.
  console.error(`dateline: ${(error as Error).message}`);
  process.exit(1);
}
// Unpinned stages deploy where the CLI's profile points (the CLI sets these two variables).
const { main: stack } = addDatelineStacks(app, settings, {
  account: process.env.CDK_DEFAULT_ACCOUNT,
  region: process.env.CDK_DEFAULT_REGION,
});
// cdk-nag's AwsSolutions pack on every synth and deploy: a finding not acknowledged in
// lib/nag-acknowledgements.ts (with its reason) fails the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
// `-c dateline:nagProbe=1` adds one resource with a finding nobody acknowledged, to show that
// synth then fails (test/infra/cdk-nag-synth.test.ts); never set it otherwise.
if (app.node.tryGetContext('dateline:nagProbe')) new Queue(stack, 'NagProbe');
