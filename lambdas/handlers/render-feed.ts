import { instrument } from '../adapters/observability/instrument.js';
import { createFeedRenderHandler } from '../adapters/queue/feed-render-handler.js';
import { loadConfig } from '../config.js';
import { buildFeedRenderDeps, observability } from './deps.js';

const config = await loadConfig(process.env);
const tools = observability(config);
export const handler = instrument(
  createFeedRenderHandler(buildFeedRenderDeps(config, tools)),
  tools,
);
