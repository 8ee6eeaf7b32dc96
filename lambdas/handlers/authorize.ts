import { createAuthorizerHandler } from '../adapters/http/authorizer-handler.js';
import { loadAuthorizerConfig } from '../authorizer-config.js';
import { buildAuthorizerDeps } from './authorizer-deps.js';

export const handler = createAuthorizerHandler(
  buildAuthorizerDeps(loadAuthorizerConfig(process.env)),
);
