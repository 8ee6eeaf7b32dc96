import { defineConfig } from 'vitest/config';
import { sequencerFor } from './test/support/sequencer.js';

// The AWS SDK warns on Node 20 (Lambda runs 22); the warning is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// DynamoDB Local's JVMs (the run's own and those tests start) with the quick-start compiler
// only and one GC thread: a test's few hundred requests never need the optimising compiler,
// and a start costs about 40% less CPU. Every JVM prints one "Picked up" line for it.
process.env.JAVA_TOOL_OPTIONS ??= '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Vitest's default is one worker per core less one: a single worker on a 2-core machine,
    // idle while a test waits on DynamoDB Local's JVM, Chromium or esbuild (other processes).
    maxWorkers: 2,
    // The long integration files (JVMs, browsers, child processes) first, slowest first; the
    // quick unit files last, filling in while the other worker finishes (test/support/README.md).
    sequence: { sequencer: sequencerFor(['integration', 'infra', 'unit']) },
    projects: [
      {
        extends: true,
        // Unit tests take milliseconds; the allowance is for a machine shared with other runs.
        // No isolation: the files share a worker and its imports, which cost far more than the
        // tests. A file that patches a global (a mocked client, fake timers) must undo it.
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
          isolate: false,
        },
      },
      {
        extends: true,
        // No isolation either: each file's own local app, table and browser are its isolation;
        // re-importing the AWS SDK, the local server and Playwright per file cost more than
        // most of the files' tests. A file must stop what it starts (afterAll) and patch no global.
        test: {
          name: 'integration',
          isolate: false,
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          // Margins for a machine shared with other runs: only a broken test takes this long.
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
      {
        extends: true,
        // No isolation: the files of a worker share aws-cdk-lib's import and the stacks of
        // stack-fixture.ts's sharedStack(), each synthesised once per worker.
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          isolate: false,
        },
      },
    ],
  },
});
