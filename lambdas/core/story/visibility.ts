import type { Story } from './story.js';
import { feedDateOf } from './story-rules.js';

/**
 * Whether readers can see a story at a moment, as the ingest answer tells the sender, so a story
 * accepted but never shown is never a mystery:
 * - `visible`: in its feeds now (in at least one feed's live document; `placements` says where);
 * - `archived`: readable now, but only on archive pages: late copy dated before what each of
 *   its feeds lists goes onto the page of its date (`visibilityOf` never answers it: only the
 *   feeds' archive state tells, see `placeStory`);
 * - `embargoed`: stored, in no feed until its embargo lifts;
 * - `scheduled`: stored, first published at a future `publishedAt`;
 * - `expired`: stored, but its `expiresAt` has passed, so it is in no feed;
 * - `withheld`: status `withheld`, in no feed until a later version makes it usable;
 * - `killed`: killed (`DELETE`) or `canceled`.
 */
export const VISIBILITIES = [
  'visible',
  'archived',
  'embargoed',
  'scheduled',
  'expired',
  'withheld',
  'killed',
] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** The story's visibility at `now`; dates are compared as instants. */
export function visibilityOf(story: Story, now: Date): Visibility {
  if (story.killedAt !== undefined || story.status === 'canceled') return 'killed';
  if (story.status === 'withheld') return 'withheld';
  const at = now.getTime();
  if (story.expiresAt && Date.parse(story.expiresAt) <= at) return 'expired';
  if (Date.parse(feedDateOf(story)) > at) {
    return story.embargoUntil && Date.parse(story.embargoUntil) > at ? 'embargoed' : 'scheduled';
  }
  return 'visible';
}
