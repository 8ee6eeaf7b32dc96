import { ConflictError } from '../core/errors.js';
import type { Clock, StoryStore } from '../core/ports.js';
import type { SiteConfig } from '../core/site-config.js';
import { parseStoryInput } from '../core/story/story.js';
import { ingestStory } from '../core/use-cases/ingest-story.js';
import { sampleStories } from './sample-stories.js';

/** Loads the invented sample stories through the same validation and use case as the API. */
export async function seedSamples(
  deps: { stories: StoryStore; clock: Clock },
  site: SiteConfig,
): Promise<number> {
  const regions = site.regions.map((r) => r.slug);
  let count = 0;
  for (const raw of sampleStories(deps.clock.now())) {
    const wanted = (raw.regions as string[]).filter((r) => r === '*' || regions.includes(r));
    if (wanted.length === 0) continue;
    try {
      await ingestStory(deps, parseStoryInput({ ...raw, regions: wanted }, regions));
      count++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return count;
}
