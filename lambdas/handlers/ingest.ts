import { createIngestHandler } from '../adapters/http/ingest-handler.js';
import { instrument } from '../adapters/observability/instrument.js';
import { loadConfig } from '../config.js';
import { buildIngestDeps, observability } from './deps.js';

const config = await loadConfig(process.env);
const tools = observability(config);
export const handler = instrument(createIngestHandler(buildIngestDeps(config, tools)), tools);
