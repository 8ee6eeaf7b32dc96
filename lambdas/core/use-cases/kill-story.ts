import { ConcurrentWriteError, NotFoundError } from '../errors.js';
import type { Clock, StoryStore } from '../ports.js';
import type { Story } from '../story.js';

const MAX_ATTEMPTS = 8;

/**
 * Kills a story: it leaves every feed at the next publish, and the kill is recorded, not
 * forgotten, so a re-sent take of the same or an older version cannot bring it back; only a
 * higher version can. Killing a killed story changes nothing.
 */
export async function killStory(
  deps: { readonly stories: StoryStore; readonly clock: Clock },
  id: string,
): Promise<Story> {
  for (let attempt = 1; ; attempt++) {
    const previous = await deps.stories.get(id);
    if (!previous) throw new NotFoundError(`story "${id}" does not exist`);
    if (previous.killedAt) return previous;
    const story: Story = {
      ...previous,
      status: 'canceled',
      killedAt: deps.clock.now().toISOString(),
    };
    try {
      await deps.stories.save(story, previous);
      return story;
    } catch (error) {
      if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
