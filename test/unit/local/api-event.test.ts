import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../../lambdas/local/api-event.js';

describe('matchRoute', () => {
  it('prefers a literal route over a template, as API Gateway does', () => {
    expect(matchRoute('POST', '/stories/batch')).toEqual({ routeKey: 'POST /stories/batch' });
    expect(matchRoute('GET', '/stories/batch')).toEqual({
      routeKey: 'GET /stories/{id}',
      pathParameters: { id: 'batch' },
    });
  });

  it('decodes path parameters', () => {
    expect(matchRoute('DELETE', '/stories/urn%3Awire%3A1')).toEqual({
      routeKey: 'DELETE /stories/{id}',
      pathParameters: { id: 'urn:wire:1' },
    });
  });

  it('lists the allowed methods when only the method is wrong, and nothing for unknown paths', () => {
    expect(matchRoute('PUT', '/stories')).toEqual({ methods: ['POST'] });
    expect(matchRoute('GET', '/nowhere')).toBeUndefined();
  });
});
