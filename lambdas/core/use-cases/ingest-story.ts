import { assertInScope, type Principal } from '../credentials/scope.js';
import { isKillLocked, mayChange, notYourStory, ownerOf } from '../credentials/story-access.js';
import { ConcurrentWriteError, ConflictError, ForbiddenError } from '../errors.js';
import type { Clock, StoryStore } from '../ports.js';
import { fingerprintOf, resolveStory, type Story, type StoryInput } from '../story/story.js';
import { retryOnConflict } from './retry-on-conflict.js';

export interface IngestDeps {
  readonly stories: StoryStore;
  readonly clock: Clock;
}

export type IngestOutcome = 'created' | 'updated' | 'unchanged';

export interface IngestOptions {
  /** Who sends the take; without one (the sample loader) nothing is checked. */
  readonly actor?: Principal;
  /**
   * Lifts a running embargo early. Without it a take that drops or advances the embargo of a
   * story still under one keeps the stored embargo: omission never publishes early.
   */
  readonly liftEmbargo?: boolean;
  /** The admin's explicit un-kill of a story killed by an editor or the admin. */
  readonly unkill?: boolean;
}

/** Saves tried before lost races fail the take: the story writers' limit, not the default 10. */
const MAX_ATTEMPTS = 8;

/**
 * Stores a take of a story. A higher version replaces the stored one (and moves it between
 * feeds); the same take again is a harmless replay (`unchanged`); a lower version, or a different
 * take under the same version, is a ConflictError and changes nothing. Races between concurrent
 * takes are settled by the store's optimistic lock: the loser re-reads and decides again, so the
 * highest version always ends up stored.
 *
 * With an `actor`, the take must lie in its scope, and a stored story must be one it may change
 * (its own, or in an editor's scope, or any for the admin: ForbiddenError naming nothing of the
 * stored story otherwise, before anything is compared or written). A new story is owned by its
 * first sender; a released one by whoever claims it next, whatever the versions. A kill by an
 * editor or the admin stands against higher versions until the admin un-kills it.
 */
export async function ingestStory(
  deps: IngestDeps,
  input: StoryInput,
  options: IngestOptions = {},
): Promise<{ story: Story; outcome: IngestOutcome }> {
  const { actor } = options;
  if (actor) assertInScope(actor, 'write', input);
  if (options.unkill && !actor?.admin && actor) {
    throw new ForbiddenError('only the admin credential may un-kill a story', [
      { path: 'unkill', message: `"${actor.name}" is not the admin credential` },
    ]);
  }
  const stamp = (story: Story, owner: string | undefined): Story =>
    withOwner(actor ? { ...story, writtenBy: actor.name } : story, owner);
  // Most takes are new stories: try the create first; if the id is taken, it answers the stored
  // story, which the loop then compares with (a lost race leaves it to read the story itself).
  const created = stamp(resolveStory(input, undefined, deps.clock.now()), actor?.name);
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
      const released = previous?.releasedAt !== undefined;
      if (actor && previous && !released && !mayChange(actor, previous)) {
        throw notYourStory(actor, input.id);
      }
      if (previous && !released) {
        const verdict = compareTakes(input, previous);
        if (verdict !== 'newer') return { story: previous, outcome: verdict };
        if (isKillLocked(previous) && !options.unkill) throw killLocked(previous);
      }
      const now = deps.clock.now();
      const base = released ? undefined : previous;
      const resolved = keepEmbargo(resolveStory(input, base, now), base, now, options);
      const story = stamp(resolved, base ? ownerOf(base) : actor?.name);
      await deps.stories.save(story, previous);
      return { story, outcome: base ? 'updated' : 'created' };
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

function withOwner(story: Story, owner: string | undefined): Story {
  const { ownedBy: _ownedBy, ...rest } = story;
  return owner ? { ...rest, ownedBy: owner } : rest;
}

function killLocked(stored: Story): ConflictError {
  return new ConflictError(
    `story "${stored.id}" was killed by "${stored.killedBy}": only the admin's un-kill ("unkill": true) brings it back`,
    stored.version,
  );
}

/**
 * A running embargo moves earlier only when the take says so: a take that omits it or names an
 * earlier instant keeps the stored embargo unless `liftEmbargo` is set.
 */
function keepEmbargo(
  story: Story,
  previous: Story | undefined,
  now: Date,
  options: IngestOptions,
): Story {
  const running = previous?.embargoUntil;
  if (!running || options.liftEmbargo || Date.parse(running) <= now.getTime()) return story;
  const asked = story.embargoUntil;
  if (asked !== undefined && Date.parse(asked) >= Date.parse(running)) return story;
  return { ...story, embargoUntil: running };
}
