import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Issue, ValidationError } from '../../core/errors.js';
import { mapNinjs } from '../../core/ingest/ninjs/ninjs.js';
import { parseStoryInput, type StoryInput } from '../../core/story/story.js';
import { queryParam } from './request.js';

/**
 * `warnings` lists the properties the document's ninjs version does not define (vendor fields,
 * extensions): the story is stored without them. A ninjs body names no channel or regions: the query string does
 * (`?channel=wire&regions=okanagan,shuswap`; channel defaults to `wire`).
 */
export function parseNinjsRequest(
  body: unknown,
  event: APIGatewayProxyEventV2,
  knownRegions: readonly string[],
): { input: StoryInput; note?: string; warnings?: Issue[] } {
  const channel = queryParam(event, 'channel') ?? 'wire';
  const regionsText = queryParam(event, 'regions') ?? '';
  const regions = regionsText
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (regions.length === 0) {
    throw new ValidationError('ninjs documents need target regions', [
      { path: 'query.regions', message: 'name the regions, e.g. ?regions=okanagan,shuswap' },
    ]);
  }
  const { fields, brief, held, warnings } = mapNinjs(body, { channel, regions });
  const input = parseStoryInput(fields, knownRegions, { brief });
  return {
    input,
    ...(held ? { note: held } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
