import { defineConfig } from 'vitest/config';

// The AWS SDK warns on Node 20 (Lambda runs 22); the warning is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Vitest's default is one worker per core less one: a single worker on a 2-core machine,
    // idle while a test waits on DynamoDB Local's JVM, Chromium or esbuild (other processes).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // Unit tests take milliseconds; the allowance is for a machine shared with other runs.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000 },
      },
    ],
  },
});
