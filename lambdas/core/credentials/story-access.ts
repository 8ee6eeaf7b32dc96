import { ForbiddenError, NotFoundError } from '../errors.js';
import type { Story } from '../story/story.js';
import { isVisibleAt } from '../story/story-rules.js';
import { isInScope, type Principal } from './scope.js';

/**
 * Who may do what with a stored story (the README's Security section says the same):
 * - its owner (the credential that created it), a credential with the `edit` ability over its
 *   channel and regions, and the admin may update, kill and read it;
 * - any other credential whose scope covers it may read it only once it is public (in its
 *   feeds), and may never change it;
 * - to everyone else it does not exist: the same 404, with the same body, as an unknown id.
 */

/** The credential a story belongs to; stories stored before ownership fall to their writer. */
export function ownerOf(story: Pick<Story, 'ownedBy' | 'writtenBy'>): string | undefined {
  return story.ownedBy ?? story.writtenBy;
}

/** True if `principal` may update or kill `story` (owner, editor over it, or admin). */
export function mayChange(principal: Principal, story: Story): boolean {
  if (principal.admin) return true;
  if (!isInScope(principal, story)) return false;
  return ownerOf(story) === principal.name || (principal.abilities ?? []).includes('edit');
}

/** True if `principal` may read `story` at `now`: whoever may change it, or any in scope once public. */
export function mayRead(principal: Principal, story: Story, now: Date): boolean {
  return mayChange(principal, story) || (isInScope(principal, story) && isVisibleAt(story, now));
}

/** What an unknown id answers; a story hidden from the caller answers exactly this. */
export function unknownStory(id: string): NotFoundError {
  return new NotFoundError(`story "${id}" does not exist`);
}

/**
 * The refusal of a take for a stored story the caller may not change. It names neither the
 * owner nor the stored story's regions: only that this credential cannot write that id.
 */
export function notYourStory(principal: Principal, id: string): ForbiddenError {
  return new ForbiddenError(`credential "${principal.name}" may not write story "${id}"`, [
    {
      path: 'id',
      message: 'this id belongs to another sender; ask the admin to release it if it is yours',
    },
  ]);
}

/**
 * True if a kill stands against a sender's higher version: a kill by anyone but the story's
 * owner (an editor or the admin) is undone only by the admin's explicit un-kill.
 */
export function isKillLocked(story: Story): boolean {
  return (
    story.killedAt !== undefined &&
    story.killedBy !== undefined &&
    story.killedBy !== ownerOf(story)
  );
}
