import { assertInScope, type Principal } from '../credentials/scope.js';
import { ConcurrentWriteError, ConflictError } from '../errors.js';
import type { Clock, StoryStore } from '../ports.js';
import { fingerprintOf, resolveStory, type Story, type StoryInput } from '../story/story.js';
import { retryOnConflict } from './retry-on-conflict.js';

export interface IngestDeps {
  readonly stories: StoryStore;
  readonly clock: Clock;
}

export type IngestOutcome = 'created' | 'updated' | 'unchanged';

/** Saves tried before lost races fail the take: the story writers' limit, not the default 10. */
const MAX_ATTEMPTS = 8;

/**
 * Stores a take of a story. A higher version replaces the stored one (and moves it between
 * feeds); the same take again is a harmless replay (`unchanged`); a lower version, or a different
 * take under the same version, is a ConflictError and changes nothing. Races between concurrent
 * takes are settled by the store's optimistic lock: the loser re-reads and decides again, so the
 * highest version always ends up stored.
 *
 * With an `actor`, the take and the stored story must both lie in its scope (ForbiddenError
 * otherwise, before anything is compared or written), and the story records who wrote it.
 * Without one (the sample loader), nothing is checked.
 */
export async function ingestStory(
  deps: IngestDeps,
  input: StoryInput,
  options: { readonly actor?: Principal } = {},
): Promise<{ story: Story; outcome: IngestOutcome }> {
  const { actor } = options;
  if (actor) assertInScope(actor, 'write', input);
  const stamp = (story: Story): Story => (actor ? { ...story, writtenBy: actor.name } : story);
  // Most takes are new stories: try the create first; if the id is taken, it answers the stored
  // story, which the loop then compares with (a lost race leaves it to read the story itself).
  const created = stamp(resolveStory(input, undefined, deps.clock.now()));
  let known: Story | undefined;
  try {
    known = await deps.stories.create(created);
    if (!known) return { story: created, outcome: 'created' };
  } catch (error) {
    if (!(error instanceof ConcurrentWriteError)) throw error;
  }
  return retryOnConflict(
    async () => {
      const previous = known ?? (await deps.stories.get(input.id));
      known = undefined;
      if (actor && previous) assertInScope(actor, 'update', input, previous);
      if (previous) {
        const verdict = compareTakes(input, previous);
        if (verdict !== 'newer') return { story: previous, outcome: verdict };
      }
      const story = stamp(resolveStory(input, previous, deps.clock.now()));
      await deps.stories.save(story, previous);
      return { story, outcome: previous ? 'updated' : 'created' };
    },
    { isLostRace: (error) => error instanceof ConcurrentWriteError, maxAttempts: MAX_ATTEMPTS },
  );
}

function compareTakes(input: StoryInput, stored: Story): 'newer' | 'unchanged' {
  if (input.version > stored.version) return 'newer';
  if (input.version === stored.version && fingerprintOf(input) === stored.fingerprint) {
    return 'unchanged';
  }
  const reason =
    input.version === stored.version
      ? `version ${input.version} is already stored with different content`
      : `version ${input.version} is older than the stored version ${stored.version}`;
  throw new ConflictError(`story "${stored.id}": ${reason}`, stored.version);
}
