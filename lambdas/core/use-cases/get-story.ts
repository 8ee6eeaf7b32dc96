import { NotFoundError } from '../errors.js';
import type { StoryStore } from '../ports.js';
import type { Story } from '../story.js';

/** The stored story, killed or not; NotFoundError if it was never stored. */
export async function getStory(deps: { readonly stories: StoryStore }, id: string): Promise<Story> {
  const story = await deps.stories.get(id);
  if (!story) throw new NotFoundError(`story "${id}" does not exist`);
  return story;
}
