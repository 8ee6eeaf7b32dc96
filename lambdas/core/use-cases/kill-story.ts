import { assertAdmin, type Principal } from '../credentials/scope.js';
import { mayChange, mayRead, notYourStory, unknownStory } from '../credentials/story-access.js';
import { ConcurrentWriteError } from '../errors.js';
import type { Clock, StoryStore } from '../ports.js';
import type { Story } from '../story/story.js';
import { retryOnConflict } from './retry-on-conflict.js';

/** Saves tried before lost races fail the kill: the story writers' limit, not the default 10. */
const MAX_ATTEMPTS = 8;

export interface KillOptions {
  /** Who kills; without one nothing is checked. */
  readonly actor?: Principal;
  /**
   * The admin only: also frees the id. The story stays killed, owned by no one, and the next
   * take of any version from any credential in scope claims it (the cure for a squatted id).
   */
  readonly release?: boolean;
}

/**
 * Kills a story: it leaves every feed at the next publish, and the kill is recorded, not
 * forgotten, so a re-sent take of the same or an older version cannot bring it back; a higher
 * version can only when the owner killed it (an editor's or the admin's kill waits for the
 * admin's un-kill). Killing a killed story changes nothing. With an `actor`, only the owner, an
 * editor over the story or the admin may kill it; to a credential that may not even read it,
 * the story does not exist (NotFoundError, as for an unknown id).
 */
export async function killStory(
  deps: { readonly stories: StoryStore; readonly clock: Clock },
  id: string,
  options: KillOptions = {},
): Promise<Story> {
  const { actor, release } = options;
  if (actor && release) assertAdmin(actor, 'release a story id');
  return retryOnConflict(
    async () => {
      const previous = await deps.stories.get(id);
      if (!previous) throw unknownStory(id);
      const now = deps.clock.now();
      if (actor && !mayChange(actor, previous)) {
        throw mayRead(actor, previous, now) ? notYourStory(actor, id) : unknownStory(id);
      }
      if (previous.killedAt && (!release || previous.releasedAt)) return previous;
      const { ownedBy: _owner, ...rest } = previous;
      const story: Story = {
        ...(release ? rest : previous),
        status: 'canceled',
        killedAt: previous.killedAt ?? now.toISOString(),
        ...(actor ? { killedBy: previous.killedBy ?? actor.name } : {}),
        ...(release ? { releasedAt: now.toISOString() } : {}),
      };
      await deps.stories.save(story, previous);
      return story;
    },
    { isLostRace: (error) => error instanceof ConcurrentWriteError, maxAttempts: MAX_ATTEMPTS },
  );
}
