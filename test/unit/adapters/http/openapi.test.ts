import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { errorResponse } from '../../../../lambdas/adapters/http/error-response.js';
import { buildOpenApiDocument } from '../../../../lambdas/adapters/http/openapi.js';
import { ROUTES } from '../../../../lambdas/adapters/http/routes.js';
import { ValidationError } from '../../../../lambdas/core/errors.js';
import { parseStoryInput } from '../../../../lambdas/core/story/story.js';
import { openApiText } from '../../../../scripts/write-openapi.js';
import { localStoryJson, wireStoryJson } from '../../../fixtures/story-input.js';

interface Doc {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
}

const doc = buildOpenApiDocument() as unknown as Doc;

/** The document's component schemas, compiled the way an OpenAPI 3.1 client reads them. */
function schemaValidator(id: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(buildOpenApiDocument(), 'openapi.json');
  const validate = ajv.getSchema(`openapi.json#/components/schemas/${id}`);
  if (!validate) throw new Error(`no schema ${id}`);
  return validate;
}

describe('the OpenAPI description', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();

    const result = await validator.validate(buildOpenApiDocument());

    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes exactly the routes of the route table', () => {
    const described = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );

    expect(described.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('declares every path template variable as a path parameter', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      const variables = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(methods)) {
        const declared = (operation.parameters ?? [])
          .filter((p) => p.in === 'path')
          .map((p) => p.name);
        expect(declared, path).toEqual(variables);
      }
    }
  });

  it('describes a bounded error answer, with the count of details left out', () => {
    const validate = schemaValidator('Error');
    const bounded = errorResponse(
      new ValidationError(
        'the story is invalid',
        Array.from({ length: 500 }, (_, i) => ({ path: `regions[${i}]`, message: 'unknown' })),
      ),
      { requestId: 'r1', appEnv: 'prod' },
    );
    const body = JSON.parse(String(bounded.body));

    expect(body.error).toMatchObject({ detailsOmitted: 400 });
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  });

  it('is committed as openapi.json, up to date (npm run openapi rewrites it)', () => {
    expect(readFileSync('openapi.json', 'utf8')).toBe(openApiText());
  });

  it('accepts the stories the API accepts and refuses a field the API refuses', () => {
    const validate = schemaValidator('Story');
    const local = localStoryJson();
    const wire = wireStoryJson();
    const regions = ['okanagan', 'shuswap', 'kootenay', '*'];
    expect(() => parseStoryInput(local, regions)).not.toThrow();

    expect(validate(local)).toBe(true);
    expect(validate(wire)).toBe(true);
    expect(validate({ ...local, colour: 'red' })).toBe(false);
    expect(validate({ ...local, channel: 'radio' })).toBe(false);
    expect(validate({ ...local, publishedAt: 'yesterday' })).toBe(false);
  });
});
