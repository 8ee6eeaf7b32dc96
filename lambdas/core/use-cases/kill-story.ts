import { assertInScope, type Principal } from '../credentials/scope.js';
import { ConcurrentWriteError, NotFoundError } from '../errors.js';
import type { Clock, StoryStore } from '../ports.js';
import type { Story } from '../story/story.js';
import { retryOnConflict } from './retry-on-conflict.js';

/** Saves tried before lost races fail the kill: the story writers' limit, not the default 10. */
const MAX_ATTEMPTS = 8;

/**
 * Kills a story: it leaves every feed at the next publish, and the kill is recorded, not
 * forgotten, so a re-sent take of the same or an older version cannot bring it back; only a
 * higher version can. Killing a killed story changes nothing. With an `actor`, the story must
 * lie in its scope (ForbiddenError otherwise) and records who killed it.
 */
export async function killStory(
  deps: { readonly stories: StoryStore; readonly clock: Clock },
  id: string,
  options: { readonly actor?: Principal } = {},
): Promise<Story> {
  const { actor } = options;
  return retryOnConflict(
    async () => {
      const previous = await deps.stories.get(id);
      if (!previous) throw new NotFoundError(`story "${id}" does not exist`);
      if (actor) assertInScope(actor, 'kill', previous);
      if (previous.killedAt) return previous;
      const story: Story = {
        ...previous,
        status: 'canceled',
        killedAt: deps.clock.now().toISOString(),
        ...(actor ? { killedBy: actor.name } : {}),
      };
      await deps.stories.save(story, previous);
      return story;
    },
    { isLostRace: (error) => error instanceof ConcurrentWriteError, maxAttempts: MAX_ATTEMPTS },
  );
}
