import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createTokenAuthenticator } from '../../../../lambdas/adapters/http/authenticate.js';
import { createIngestHandler } from '../../../../lambdas/adapters/http/ingest-handler.js';
import { METRIC } from '../../../../lambdas/adapters/observability/metric-names.js';
import type { MetricSink } from '../../../../lambdas/adapters/observability/metric-sink.js';
import { createMetricSink } from '../../../../lambdas/adapters/observability/metric-sink.js';
import type { StoryStore } from '../../../../lambdas/core/ports.js';
import { testSite } from '../../../fixtures/site.js';
import { localStoryJson } from '../../../fixtures/story-input.js';

const TOKEN = 'test-token-0123456789';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** An empty store that accepts every save, or one whose every call fails (a 5xx). */
const emptyStore = {
  get: async () => undefined,
  create: async () => undefined,
  save: async () => undefined,
} as unknown as StoryStore;
const brokenStore = new Proxy({} as StoryStore, {
  get: () => () => Promise.reject(new Error('DynamoDB is down')),
});

function recorder() {
  const recorded: Array<[string, number, string | undefined]> = [];
  const sink: MetricSink = {
    add: (name, value, _unit, dimension) => recorded.push([name, value, dimension?.[1]]),
  };
  return { sink, recorded };
}

function handlerWith(stories: StoryStore, sink: MetricSink) {
  return createIngestHandler({
    stories,
    clock: { now: () => new Date('2026-11-25T20:00:00Z') },
    site: testSite(),
    authenticator: createTokenAuthenticator(TOKEN),
    appEnv: 'test',
    log: silent,
    metrics: sink,
  });
}

function post(body: unknown, token = TOKEN, routeKey = 'POST /stories'): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey,
    rawPath: '/stories',
    rawQueryString: '',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requestContext: { requestId: 'r1' } as APIGatewayProxyEventV2['requestContext'],
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

describe('ingest metrics', () => {
  it('counts a stored story', async () => {
    const { sink, recorded } = recorder();
    const result = await handlerWith(emptyStore, sink)(post(localStoryJson()));
    expect(result.statusCode).toBe(201);
    expect(recorded).toEqual([[METRIC.storiesIngested, 1, undefined]]);
  });

  it('counts a refusal by its error code', async () => {
    const { sink, recorded } = recorder();
    await handlerWith(emptyStore, sink)(post(localStoryJson(), 'wrong-token-0123456789'));
    await handlerWith(emptyStore, sink)(post({ id: 'x' }));
    expect(recorded).toEqual([
      [METRIC.storiesRefused, 1, 'unauthorized'],
      [METRIC.storiesRefused, 1, 'validation_failed'],
    ]);
  });

  it('answers a failure 500 and counts it as a server error, so an alarm can see it', async () => {
    const { sink, recorded } = recorder();
    const result = await handlerWith(brokenStore, sink)(post(localStoryJson()));
    expect(result.statusCode).toBe(500);
    expect(recorded).toEqual([[METRIC.ingestServerErrors, 1, undefined]]);
  });

  it('counts each story of a batch', async () => {
    const { sink, recorded } = recorder();
    const batch = { stories: [localStoryJson({ id: 'b1' }), { id: 'b2' }] };
    await handlerWith(emptyStore, sink)(post(batch, TOKEN, 'POST /stories/batch'));
    expect(recorded).toEqual([
      [METRIC.storiesIngested, 1, undefined],
      [METRIC.storiesRefused, 1, 'validation_failed'],
    ]);
  });
});

describe('createMetricSink', () => {
  it('writes EMF in the namespace, on the service dimension the alarms match', () => {
    const metrics = new Metrics({ namespace: 'Dateline/Test', serviceName: 'dateline' });
    createMetricSink(metrics).add(METRIC.ingestServerErrors, 1);
    const emf = metrics.serializeMetrics() as unknown as {
      _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][] }> };
      service: string;
      IngestServerErrors: number;
    };
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'Dateline/Test',
      Dimensions: [['service']],
    });
    expect(emf.service).toBe('dateline');
    expect(emf.IngestServerErrors).toBe(1);
  });
});
