import { createLogProcessorHandler } from '../adapters/audience/log-processor.js';
import { loadLogProcessorConfig } from '../log-processor-config.js';
import { buildLogProcessorDeps } from './log-processor-deps.js';

export const handler = createLogProcessorHandler(
  buildLogProcessorDeps(loadLogProcessorConfig(process.env)),
);
