import { assertInScope, type Principal } from '../credentials/scope.js';
import { NotFoundError } from '../errors.js';
import type { StoryStore } from '../ports.js';
import type { Story } from '../story/story.js';

/**
 * The stored story, killed or not; NotFoundError if it was never stored. With an `actor`, the
 * story must lie in its scope (ForbiddenError otherwise).
 */
export async function getStory(
  deps: { readonly stories: StoryStore },
  id: string,
  options: { readonly actor?: Principal } = {},
): Promise<Story> {
  const story = await deps.stories.get(id);
  if (!story) throw new NotFoundError(`story "${id}" does not exist`);
  if (options.actor) assertInScope(options.actor, 'read', story);
  return story;
}
