import { App } from 'aws-cdk-lib';
import { DatelineStack } from '../lib/dateline-stack.js';
import { parseSiteContext } from '../lib/site-context.js';
import { parseStage } from '../lib/stage.js';

const app = new App();
const site = parseSiteContext(app.node.tryGetContext('dateline'));
const stage = parseStage(app.node.tryGetContext('stage'));
new DatelineStack(app, `Dateline-${stage}`, { site, stage });
