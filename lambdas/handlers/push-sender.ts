import { instrument } from '../adapters/observability/instrument.js';
import { createPushSenderHandler } from '../adapters/push/push-sender-handler.js';
import { loadConfig } from '../config.js';
import { buildPushSenderDeps, observability } from './deps.js';

const config = await loadConfig(process.env);
const tools = observability(config);
export const handler = instrument(
  createPushSenderHandler(buildPushSenderDeps(config, tools)),
  tools,
);
