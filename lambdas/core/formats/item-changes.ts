import type { FeedDocument } from './feed-document.js';

/** What happened to one item between two renders of a feed, as partners are told. */
export type ItemOutcome = 'new' | 'updated' | 'killed';

export interface ItemChange {
  /** The item's id in every format (the `tag:` URI). */
  readonly id: string;
  readonly storyId: string;
  readonly outcome: ItemOutcome;
  /** The story's version now listed; absent for a kill. */
  readonly version?: number;
}

/**
 * The items that changed from the feed's previous JSON Feed document (the stored bytes the new
 * render replaced by compare-and-swap, so no write came between) to the new document: an id
 * not listed before is `new`, a listed id whose `_dateline.version` moved is `updated`, and an
 * id no longer listed that the new document carries a tombstone for is `killed` (a kill,
 * withhold or move out of the feed). Items that left without a tombstone (moved to an archive
 * page, expired) are not changes a partner acts on. Without a previous document (a feed's
 * first render) nothing is reported: there is no earlier state to compare with.
 */
export function itemChanges(
  previousJson: string | Buffer | undefined,
  doc: Pick<FeedDocument, 'items' | 'tombstones'>,
): ItemChange[] {
  if (previousJson === undefined) return [];
  const before = listedVersions(previousJson);
  if (!before) return [];
  const changes: ItemChange[] = [];
  const listed = new Set<string>();
  for (const item of doc.items) {
    listed.add(item.id);
    const version = item.extension.version;
    const old = before.get(item.id);
    const storyId = item.storyId ?? storyIdOf(item.id);
    if (old === undefined) changes.push({ id: item.id, storyId, outcome: 'new', version });
    else if (old !== version) changes.push({ id: item.id, storyId, outcome: 'updated', version });
  }
  for (const tombstone of doc.tombstones) {
    if (before.has(tombstone.ref) && !listed.has(tombstone.ref)) {
      changes.push({ id: tombstone.ref, storyId: storyIdOf(tombstone.ref), outcome: 'killed' });
    }
  }
  return changes;
}

/** Item id → `_dateline.version` of a JSON Feed document; undefined if it cannot be read. */
function listedVersions(json: string | Buffer): Map<string, number | undefined> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString());
  } catch {
    return undefined;
  }
  const items = (parsed as { items?: unknown }).items;
  if (!Array.isArray(items)) return undefined;
  const versions = new Map<string, number | undefined>();
  for (const item of items as Array<{ id?: unknown; _dateline?: { version?: unknown } }>) {
    if (typeof item?.id !== 'string') continue;
    const version = item._dateline?.version;
    versions.set(item.id, typeof version === 'number' ? version : undefined);
  }
  return versions;
}

/** A story's id from its `tag:` URI (`…:story/<id>`, %-encoded where the id needed it). */
function storyIdOf(tagUri: string): string {
  const specific = tagUri.slice(tagUri.lastIndexOf(':story/') + ':story/'.length);
  try {
    return decodeURIComponent(specific);
  } catch {
    return specific;
  }
}
