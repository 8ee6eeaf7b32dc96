import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../lambdas/adapters/http/openapi.js';

/** `npm run openapi`: writes openapi.json, the committed description of the ingest API. */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync('openapi.json', openApiText());
  console.log('wrote openapi.json');
}
