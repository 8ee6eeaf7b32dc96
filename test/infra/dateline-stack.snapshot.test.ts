import { describe, expect, it } from 'vitest';
import { sharedStack } from './stack-fixture.js';

/**
 * Replaces what changes without a change of intent: asset hashes (they follow every edit of the
 * Lambda sources), the hash in a function version's logical ID, and the site config (operators
 * edit cdk.json; its value is asserted in dateline-stack.test.ts).
 */
function stableTemplate(template: Record<string, unknown>): string {
  return JSON.stringify(
    template,
    (key, value) => (key === 'DATELINE_CONFIG' ? '<dateline config>' : value),
    2,
  )
    .replace(/\b[0-9a-f]{64}\b/g, '<asset hash>')
    .replace(/(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}/g, '$1<hash>');
}

expect.addSnapshotSerializer({
  test: (value) => typeof value === 'object' && value !== null && 'Resources' in value,
  serialize: (value) => stableTemplate(value),
});

describe('DatelineStack template', () => {
  it('matches the snapshot', () => {
    expect(sharedStack('dev').template.toJSON()).toMatchSnapshot();
  });
});
