import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'dateline-nag-synth-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('npx cdk synth', () => {
  it('fails on a finding nobody acknowledged: bin/app.ts runs cdk-nag on every synth', async () => {
    // The probe adds one bare SQS queue (AwsSolutions-SQS3, -SQS4) to the dev stack.
    const synth = run(
      'npx',
      ['cdk', 'synth', '--quiet', '-o', outdir, '-c', 'dateline:nagProbe=1', '-c', 'stage=dev'],
      { env: { ...process.env, CI: 'true' }, maxBuffer: 64 * 1024 * 1024 },
    );
    const failure = (await synth.then(
      () => undefined,
      (error: unknown) => error,
    )) as { code?: number; stdout?: string; stderr?: string } | undefined;
    expect(failure?.code).not.toBe(0);
    expect(`${failure?.stdout}${failure?.stderr}`).toMatch(/AwsSolutions-SQS3/);
    expect(`${failure?.stdout}${failure?.stderr}`).toMatch(/NagProbe/);
  }, 300_000);
});
