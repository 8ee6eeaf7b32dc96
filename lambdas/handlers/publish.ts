import { instrument } from '../adapters/observability/instrument.js';
import { createPublishHandler } from '../adapters/stream/publish-handler.js';
import { loadConfig } from '../config.js';
import { buildPublishDeps, observability } from './deps.js';

const config = await loadConfig(process.env);
const tools = observability(config);
export const handler = instrument(createPublishHandler(buildPublishDeps(config, tools)), tools);
