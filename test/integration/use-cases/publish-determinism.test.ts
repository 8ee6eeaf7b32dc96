import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryFeedStore } from '../../../lambdas/adapters/memory/in-memory-feed-store.js';
import { createFeedRenderer } from '../../../lambdas/core/formats/feed-renderer.js';
import { allFeeds } from '../../../lambdas/core/story/feed-selection.js';
import { parseStoryInput, type Story } from '../../../lambdas/core/story/story.js';
import { feedRefsOf, isVisibleAt } from '../../../lambdas/core/story/story-rules.js';
import { ingestStory } from '../../../lambdas/core/use-cases/ingest-story.js';
import { killStory } from '../../../lambdas/core/use-cases/kill-story.js';
import { publishChanges } from '../../../lambdas/core/use-cases/publish-changes.js';
import type { PublishDeps } from '../../../lambdas/core/use-cases/publish-deps.js';
import { rebuildAll } from '../../../lambdas/core/use-cases/rebuild-all.js';
import { testSite } from '../../fixtures/site.js';
import { localStoryJson } from '../../fixtures/story-input.js';
import { createTestStores, type TestStores } from '../support/dynamodb.js';

/**
 * No lost update, whatever the batching: after any sequence of writes (late copy included),
 * kills and publishes of the pending changes in any grouping (some of them two at once, racing),
 * every file the incremental publisher wrote equals what a publisher that starts from nothing
 * renders from the final table, and every visible story is in exactly one document of each of
 * its feeds.
 */
const NOW = new Date('2026-12-03T12:00:00.000Z');
const clock = { now: () => NOW };
const BASE = 'https://feeds.gazette.example.org';
const site = testSite({
  itemsPerFeed: 2,
  archivePageSize: 2,
  customFeeds: [
    { slug: 'valley', name: 'Valley', channel: 'local', regions: ['okanagan', 'shuswap'] },
  ],
});
const slugs = site.regions.map((r) => r.slug);
let table: TestStores;

type Op =
  | { kind: 'write'; story: number; minutesAgo: number; regions: readonly string[] }
  | { kind: 'kill'; story: number }
  | { kind: 'publish'; split: number; race: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      story: fc.nat(9),
      minutesAgo: fc.integer({ min: 1, max: 300 }),
      regions: fc.constantFrom(['okanagan'], ['shuswap'], ['okanagan', 'shuswap'], ['*']),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('kill' as const), story: fc.nat(9) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('publish' as const),
      split: fc.nat(6),
      race: fc.boolean(),
    }),
  },
);

interface Change {
  feeds: ReturnType<typeof feedRefsOf>;
  storyId: string;
}

let run = 0;

async function replay(ops: readonly Op[]) {
  run++;
  const stories = table.storyStore();
  const feeds = new InMemoryFeedStore({ clock });
  const deps: PublishDeps = {
    stories,
    feeds,
    clock,
    site,
    feedBaseUrl: BASE,
    renderer: createFeedRenderer(),
  };
  // As after a deploy (and at local start): every feed exists before the first story.
  await rebuildAll(deps);
  const versions = new Map<number, number>();
  const pending: Change[] = [];
  const publish = (batch: Change[]) =>
    batch.length === 0
      ? Promise.resolve()
      : publishChanges(deps, {
          feeds: batch.flatMap((c) => c.feeds),
          storyIds: batch.map((c) => c.storyId),
        }).then(() => undefined);
  for (const op of ops) {
    const id = `r${run}-s${'story' in op ? op.story : 0}`;
    if (op.kind === 'write') {
      const version = (versions.get(op.story) ?? 0) + 1;
      versions.set(op.story, version);
      const before = await stories.get(id);
      const json = localStoryJson({
        id,
        version,
        regions: [...op.regions],
        headline: `Take ${version} of story ${op.story}`,
        publishedAt: new Date(NOW.getTime() - op.minutesAgo * 60_000).toISOString(),
      });
      const { story } = await ingestStory({ stories, clock }, parseStoryInput(json, slugs));
      pending.push({ feeds: [...refsOf(before), ...feedRefsOf(story)], storyId: id });
    } else if (op.kind === 'kill') {
      const before = await stories.get(id);
      if (!before || before.killedAt) continue;
      await killStory({ stories, clock }, id);
      pending.push({ feeds: refsOf(before), storyId: id });
    } else {
      const batch = pending.splice(0, op.split + 1);
      if (op.race) {
        const half = Math.ceil(batch.length / 2);
        await Promise.all([publish(batch.slice(0, half)), publish(batch.slice(half))]);
      } else {
        await publish(batch);
      }
    }
  }
  await publish(pending.splice(0));
  return { deps, ids: [...versions.keys()].map((n) => `r${run}-s${n}`) };
}

function refsOf(story: Story | undefined) {
  return story ? feedRefsOf(story) : [];
}

/** Every file of this run's feeds, archive pages and story pages, by key. */
async function filesOf(store: InMemoryFeedStore, deps: PublishDeps, ids: string[]) {
  const keys: string[] = [];
  for (const feed of allFeeds(site)) {
    const base = `feeds/${feed.region}/${feed.channel}`;
    keys.push(`${base}.rss`, `${base}.atom`, `${base}.json`, `${base}.html`);
    const head = await deps.stories.getArchiveHead(feed);
    for (let page = 1; page <= head.pages + 1; page++) {
      for (const format of ['rss', 'atom', 'json']) keys.push(`${base}/archive/${page}.${format}`);
    }
  }
  for (const id of ids) keys.push(`pages/${id}.html`);
  const files = new Map<string, string | undefined>();
  for (const key of keys) files.set(key, (await store.get(key))?.body.toString('utf8'));
  return files;
}

/** The story ids a reader finds walking back from a feed's JSON Feed through its archive. */
async function walk(store: InMemoryFeedStore, start: string): Promise<string[]> {
  const ids: string[] = [];
  for (let key: string | undefined = start; key; ) {
    const file = await store.get(key);
    if (!file) throw new Error(`no ${key}`);
    const doc = JSON.parse(file.body.toString('utf8')) as {
      items: { id: string }[];
      next_url?: string;
    };
    ids.push(...doc.items.map((item) => item.id.slice(item.id.lastIndexOf('/') + 1)));
    key = doc.next_url?.slice(BASE.length + 1);
  }
  return ids;
}

describe('publishing, whatever the batching', () => {
  it('ends with every file equal to a render from scratch of the final table', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 28 }), async (ops) => {
        // Each run on a table of its own: the final state is this run's alone.
        table = await createTestStores();
        try {
          const { deps, ids } = await replay(ops);
          const incremental = await filesOf(deps.feeds as InMemoryFeedStore, deps, ids);
          const fresh = new InMemoryFeedStore({ clock });
          await rebuildAll({ ...deps, feeds: fresh, renderer: createFeedRenderer() });
          const scratch = await filesOf(fresh, deps, ids);
          for (const [key, text] of scratch) expect(incremental.get(key), key).toBe(text);

          const stored = (await Promise.all(ids.map((id) => deps.stories.get(id)))).filter(
            (s): s is Story => s !== undefined && isVisibleAt(s, NOW),
          );
          for (const feed of allFeeds(site)) {
            const found = await walk(fresh, `feeds/${feed.region}/${feed.channel}.json`);
            const expected = stored
              .filter(
                (s) =>
                  s.channel === feed.channel &&
                  (feed.region === 'valley' ||
                    s.regions.includes('*') ||
                    s.regions.includes(feed.region)),
              )
              .map((s) => s.id);
            expect([...found].sort(), `${feed.region}/${feed.channel}`).toEqual(expected.sort());
          }
        } finally {
          await table.drop();
        }
      }),
      { numRuns: 15 },
    );
  }, 600_000);
});
