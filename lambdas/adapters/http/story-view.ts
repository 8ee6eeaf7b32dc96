import type { Story } from '../../core/story/story.js';

/** The story as the API shows it: everything the sender sent plus Dateline's dates and state. */
export function storyView(story: Story): Record<string, unknown> {
  const { fingerprint: _fingerprint, bodyCleanedBy: _cleanedBy, ...rest } = story;
  return { ...rest, killed: story.killedAt !== undefined };
}
