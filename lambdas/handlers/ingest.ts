import { createIngestHandler } from '../adapters/http/ingest-handler.js';
import { loadConfig } from '../config.js';
import { buildIngestDeps } from './deps.js';

export const handler = createIngestHandler(await buildIngestDeps(loadConfig(process.env)));
