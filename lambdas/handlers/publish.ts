import { createPublishHandler } from '../adapters/stream/publish-handler.js';
import { loadConfig } from '../config.js';
import { buildPublishDeps } from './deps.js';

export const handler = createPublishHandler(buildPublishDeps(loadConfig(process.env)));
