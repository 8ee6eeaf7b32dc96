import type { Principal } from '../credentials/scope.js';
import { mayRead, unknownStory } from '../credentials/story-access.js';
import type { Clock, StoryStore } from '../ports.js';
import type { Story } from '../story/story.js';

/**
 * The stored story, killed or not; NotFoundError if it was never stored. With an `actor`, a
 * story it may not read (credentials/story-access.ts) answers exactly as an unknown id.
 */
export async function getStory(
  deps: { readonly stories: StoryStore; readonly clock: Clock },
  id: string,
  options: { readonly actor?: Principal } = {},
): Promise<Story> {
  const story = await deps.stories.get(id);
  if (!story) throw unknownStory(id);
  if (options.actor && !mayRead(options.actor, story, deps.clock.now())) throw unknownStory(id);
  return story;
}
