import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../lambdas/adapters/http/routes.js';
import type { LocalApp } from '../../../lambdas/local/local-app.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { api, startTestApp } from '../support/local-app.js';

let app: LocalApp;
let doc: Record<string, unknown>;
let ajv: Ajv2020;

beforeAll(async () => {
  app = await startTestApp();
  doc = (await (await fetch(`${app.url}/openapi.json`)).json()) as Record<string, unknown>;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(doc, 'openapi.json');
});
afterAll(async () => {
  await app?.stop();
});

/** Whether a real answer matches the schema the description gives for it. */
function matches(schemaId: string, body: unknown): boolean {
  const validate = ajv.getSchema(`openapi.json#/components/schemas/${schemaId}`);
  if (!validate) throw new Error(`the description has no ${schemaId}`);
  const ok = validate(body);
  if (!ok) console.error(schemaId, validate.errors);
  return ok as boolean;
}

describe('GET /openapi.json', () => {
  it('serves a valid OpenAPI 3.1 document naming this server, with the routes it serves', async () => {
    const result = await new Validator().validate(structuredClone(doc));

    expect(result.valid).toBe(true);
    expect(doc.servers).toEqual([{ url: app.url }]);
    expect(Object.keys(doc.paths as object).sort()).toEqual(
      [...new Set(ROUTES.map((r) => r.path))].sort(),
    );
  });

  it('describes the answers the server really gives', async () => {
    const story = localStoryJson({ id: 'openapi-1' });

    const created = await api(app, 'POST', '/stories', story);
    const read = await api(app, 'GET', '/stories/openapi-1');
    const invalid = await api(app, 'POST', '/stories', { ...story, headline: '' });
    const batch = await api(app, 'POST', '/stories/batch', { stories: [story, { id: 'x' }] });
    const killed = await api(app, 'DELETE', '/stories/openapi-1');

    expect(created.status).toBe(201);
    expect(matches('StoryAnswer', await created.json())).toBe(true);
    expect(matches('StoryRead', await read.json())).toBe(true);
    expect(invalid.status).toBe(400);
    expect(matches('Error', await invalid.json())).toBe(true);
    expect(matches('BatchAnswer', await batch.json())).toBe(true);
    expect(matches('StoryAnswer', await killed.json())).toBe(true);
  });
});
