import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lambdas/config.js';
import { loadLocalConfig } from '../../lambdas/local/local-config.js';
import { STAGES } from '../../lib/stage.js';
import { sampleSite } from '../fixtures/site.js';

const lambdaEnv = {
  STORIES_TABLE_NAME: 'stories',
  DATELINE_CONFIG: JSON.stringify(sampleSite),
  FEED_BASE_URL: 'https://feeds.example.net/',
  FEEDS_BUCKET_NAME: 'bucket',
  AWS_REGION: 'ca-central-1',
};

describe('loadConfig', () => {
  it('reads the Lambda environment once into a frozen object', async () => {
    const config = await loadConfig(lambdaEnv);
    expect(config).toMatchObject({
      tableName: 'stories',
      appEnv: 'dev',
      logLevel: 'INFO',
      awsRegion: 'ca-central-1',
      feedBaseUrl: 'https://feeds.example.net',
      feedsBucket: 'bucket',
    });
    expect(config.site).toEqual(sampleSite);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads the per-feed queue and its window, and refuses a window that isn't a whole number", async () => {
    const config = await loadConfig({
      ...lambdaEnv,
      FEED_QUEUE_URL: 'https://sqs.ca-central-1.amazonaws.com/1/feeds.fifo',
      FEED_QUEUE_WINDOW_MS: '2000',
    });
    expect(config).toMatchObject({
      feedQueueUrl: 'https://sqs.ca-central-1.amazonaws.com/1/feeds.fifo',
      feedQueueWindowMs: 2000,
    });
    expect((await loadConfig(lambdaEnv)).feedQueueWindowMs).toBe(1000);
    await expect(loadConfig({ ...lambdaEnv, FEED_QUEUE_WINDOW_MS: '0.5' })).rejects.toThrow(
      /FEED_QUEUE_WINDOW_MS must be a positive integer/,
    );
  });

  it('fails fast naming the missing or bad variable', async () => {
    await expect(loadConfig({ ...lambdaEnv, STORIES_TABLE_NAME: undefined })).rejects.toThrow(
      /STORIES_TABLE_NAME is required/,
    );
    await expect(loadConfig({ ...lambdaEnv, APP_ENV: 'qa' })).rejects.toThrow(
      /APP_ENV must be local, dev, staging or prod/,
    );
    await expect(loadConfig({ ...lambdaEnv, DATELINE_CONFIG: '{"title":""}' })).rejects.toThrow(
      /DATELINE_CONFIG/,
    );
    await expect(loadConfig({ ...lambdaEnv, DATELINE_CONFIG: undefined })).rejects.toThrow(
      /DATELINE_CONFIG is required/,
    );
  });
});

describe('loadConfig and the CDK stages', () => {
  it.each(STAGES)('accepts APP_ENV=%s, which the stack sets for that stage', async (stage) => {
    expect((await loadConfig({ ...lambdaEnv, APP_ENV: stage })).appEnv).toBe(stage);
  });
});

describe('loadLocalConfig', () => {
  it('defaults to port 3000, a random token, memory and samples', () => {
    expect(loadLocalConfig({})).toMatchObject({
      port: 3000,
      token: undefined,
      dataDir: undefined,
      seed: true,
    });
  });

  it('reads the local variables and the site from cdk.json', () => {
    const config = loadLocalConfig({
      PORT: '8080',
      DATELINE_TOKEN: 'a-long-enough-token',
      DATELINE_DATA_DIR: '/tmp/x',
      DATELINE_SEED: '0',
    });
    expect(config).toMatchObject({
      port: 8080,
      token: 'a-long-enough-token',
      dataDir: '/tmp/x',
      seed: false,
    });
    expect(config.site).toEqual(sampleSite);
  });

  it('refuses bad values by name', () => {
    expect(() => loadLocalConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadLocalConfig({ DATELINE_TOKEN: 'short' })).toThrow(/DATELINE_TOKEN/);
    expect(() => loadLocalConfig({ DATELINE_SEED: 'maybe' })).toThrow(/DATELINE_SEED/);
    expect(() => loadLocalConfig({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT/);
    expect(() => loadLocalConfig({}, 'package.json')).toThrow(/context\.dateline/);
  });

  it.each([
    ['an empty PORT', { PORT: '' }, /PORT must be a port number .*PORT=3001 npm start/],
    ['a PORT with spaces', { PORT: ' 80' }, /PORT/],
    ['a PORT past 65535', { PORT: '70000' }, /PORT/],
    ['an unknown LOG_LEVEL', { LOG_LEVEL: 'verbose' }, /LOG_LEVEL must be one of DEBUG, INFO/],
  ])('refuses %s in one line naming the variable', (_, env, message) => {
    expect(() => loadLocalConfig(env)).toThrow(message);
  });

  it('names the file, line and column of a cdk.json syntax error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dateline-cdk-'));
    const path = join(dir, 'cdk.json');
    writeFileSync(path, '{\n  "context": {\n    "dateline": { title: "x" }\n  }\n}\n');

    expect(() => loadLocalConfig({}, path)).toThrow(
      new RegExp(
        `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:19 is not valid JSON: [^\\n]+$`,
      ),
    );
    rmSync(dir, { recursive: true });
  });
});
