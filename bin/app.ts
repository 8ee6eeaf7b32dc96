import { App } from 'aws-cdk-lib';
import { DatelineStack } from '../lib/dateline-stack.js';
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
new DatelineStack(app, `Dateline-${settings.stage}`, {
  site: settings.site,
  stage: settings.stage,
  env: settings.env,
  alarmEmail: settings.alarmEmail,
  feedDomain: settings.feedDomain,
});
