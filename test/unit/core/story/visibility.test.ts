import { describe, expect, it } from 'vitest';
import { visibilityOf } from '../../../../lambdas/core/story/visibility.js';
import { ottawaWire } from '../../../fixtures/stories.js';

const NOW = new Date('2026-11-25T21:00:00Z');

describe('visibilityOf', () => {
  it('is visible once published, before expiry', () => {
    expect(visibilityOf(ottawaWire({ expiresAt: '2026-11-26T00:00:00.000Z' }), NOW)).toBe(
      'visible',
    );
  });

  it('is embargoed while the embargo holds', () => {
    expect(visibilityOf(ottawaWire({ embargoUntil: '2026-11-25T21:00:01.000Z' }), NOW)).toBe(
      'embargoed',
    );
  });

  it('is scheduled when first publication is still to come', () => {
    expect(visibilityOf(ottawaWire({ publishedAt: '2026-11-26T06:00:00.000Z' }), NOW)).toBe(
      'scheduled',
    );
  });

  it('is expired once expiresAt has passed, even if embargoed', () => {
    const story = ottawaWire({
      expiresAt: '2026-11-25T21:00:00.000Z',
      embargoUntil: '2026-11-26T00:00:00.000Z',
    });
    expect(visibilityOf(story, NOW)).toBe('expired');
  });

  it('is withheld or killed by status and kill', () => {
    expect(visibilityOf(ottawaWire({ status: 'withheld' }), NOW)).toBe('withheld');
    expect(visibilityOf(ottawaWire({ status: 'canceled' }), NOW)).toBe('killed');
    expect(visibilityOf(ottawaWire({ killedAt: '2026-11-25T20:00:00.000Z' }), NOW)).toBe('killed');
  });

  it('compares dates as instants, not as text', () => {
    const story = ottawaWire({ publishedAt: '2026-11-25T20:59:59.999Z' });
    expect(visibilityOf(story, NOW)).toBe('visible');
  });
});
