import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentWriteError } from '../../core/errors.js';
import type {
  SitemapDay,
  SitemapDayStatus,
  SitemapEntry,
  SitemapState,
  SitemapStore,
} from '../../core/ports.js';
import {
  SITEMAP_CHANGE_SUFFIX,
  SITEMAP_DAYS_PARTITION,
  sitemapChangeKey,
  sitemapDayPartition,
  sitemapStateKey,
} from './story-item.js';
import { batchGetItems } from './table-batches.js';
import { queryAll } from './table-reads.js';

/** Tries before a story whose state keeps moving under this writer fails the publish. */
const MAX_ATTEMPTS = 8;

/**
 * The sitemap half of the story store (keys in story-item.ts), written with puts only (the
 * publisher may not delete): a URL leaves its day as an entry marked unlisted. A story's state
 * item is the lock: each change is written in a transaction conditioned on the state read
 * before it, and a state older than the stored one (a smaller stamp) is dropped, so concurrent
 * publishers never bring back a killed story's URL. The transaction puts a new change token on
 * each day changed (`sitemap#days`, sk `<day>#changed`): the sweep reads them with the index.
 */
export class DynamoDbSitemaps implements SitemapStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  /**
   * A batch's states (a stream batch's stories): the stored states in BatchGets, then the changes
   * in transactions of up to 100 writes, each day's change token put once per transaction. A
   * transaction another publisher's write cancelled leaves its stories to be recorded one by one.
   */
  async recordSitemapStates(states: readonly SitemapState[]): Promise<string[]> {
    const stored = new Map<string, StoredState>();
    const keys = states.map((state) => sitemapStateKey(state.storyId));
    await batchGetItems(this.#client, this.#table, keys, (item) =>
      stored.set(String(item.pk), storedStateOf(item)),
    );
    const planned = states.flatMap((state) => {
      const before = stored.get(sitemapStateKey(state.storyId).pk);
      const plan = planStateChange(before, state);
      return plan ? [{ state, writes: this.#writes(before, state, plan), days: plan.days }] : [];
    });
    const days = new Set<string>();
    for (const chunk of transactionsOf(planned)) {
      try {
        const tokens = [...chunk.days].map((day) => this.#token(day));
        const TransactItems = [...chunk.planned.flatMap((p) => p.writes), ...tokens];
        await this.#client.send(new TransactWriteCommand({ TransactItems }));
        for (const day of chunk.days) days.add(day);
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        for (const { state } of chunk.planned) {
          for (const day of await this.#recordOne(state)) days.add(day);
        }
      }
    }
    return [...days].sort();
  }

  async #recordOne(state: SitemapState): Promise<string[]> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await this.#storedState(state.storyId);
      const plan = planStateChange(stored, state);
      if (!plan) return [];
      const writes = [
        ...this.#writes(stored, state, plan),
        ...plan.days.map((d) => this.#token(d)),
      ];
      try {
        await this.#client.send(new TransactWriteCommand({ TransactItems: writes }));
        return plan.days;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    }
    throw new ConcurrentWriteError();
  }

  async listSitemapDay(day: string): Promise<{ entries: SitemapEntry[]; lastmod?: string }> {
    const items = await queryAll(this.#client, this.#table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': sitemapDayPartition(day) },
    });
    let lastmod: string | undefined;
    for (const item of items) {
      const changed = String(item.changedAt);
      if (lastmod === undefined || changed > lastmod) lastmod = changed;
    }
    const entries = items.filter((item) => item.listed === true).map(entryOfItem);
    return lastmod === undefined ? { entries } : { entries, lastmod };
  }

  async recordSitemapDay(day: SitemapDay): Promise<void> {
    const covers = day.covers === undefined ? {} : { covers: day.covers };
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            pk: SITEMAP_DAYS_PARTITION,
            sk: day.day,
            lastmod: day.lastmod,
            parts: day.parts,
            ...covers,
          },
          // A render of the same listing that covers another change mark still records it, so
          // a change that left lastmod where it was (an old story expiring) is not redone forever.
          ConditionExpression:
            'attribute_not_exists(pk) OR lastmod < :lastmod OR (lastmod = :lastmod AND (parts <> :parts OR attribute_not_exists(covers) OR covers <> :covers))',
          ExpressionAttributeValues: {
            ':lastmod': day.lastmod,
            ':parts': day.parts,
            ':covers': day.covers ?? '',
          },
        }),
      );
    } catch (error) {
      // A record at least as new is stored: it already describes this day's files.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async listSitemapDays(): Promise<SitemapDayStatus[]> {
    const items = await queryAll(this.#client, this.#table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SITEMAP_DAYS_PARTITION },
    });
    const days = new Map<string, { files?: SitemapDay; change?: string }>();
    for (const item of items) {
      const sk = String(item.sk);
      const marked = sk.endsWith(SITEMAP_CHANGE_SUFFIX);
      const day = marked ? sk.slice(0, -SITEMAP_CHANGE_SUFFIX.length) : sk;
      const status = days.get(day) ?? {};
      if (marked) status.change = String(item.change);
      else status.files = filesOfItem(day, item);
      days.set(day, status);
    }
    return [...days].map(([day, status]) => ({ day, ...status }));
  }

  async #storedState(storyId: string): Promise<StoredState | undefined> {
    const result = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: sitemapStateKey(storyId),
        ConsistentRead: true,
      }),
    );
    return result.Item && storedStateOf(result.Item);
  }

  #writes(stored: StoredState | undefined, state: SitemapState, plan: StatePlan) {
    const key = sitemapStateKey(state.storyId);
    const put = (Item: Record<string, unknown>, condition?: object) => ({
      Put: { TableName: this.#table, Item, ...condition },
    });
    const lock = stored
      ? {
          ConditionExpression: 'stamp = :stamp',
          ExpressionAttributeValues: { ':stamp': stored.stamp },
        }
      : { ConditionExpression: 'attribute_not_exists(pk)' };
    const writes = [
      put({ ...key, stamp: state.stamp, ...(state.entry ? { entry: state.entry } : {}) }, lock),
    ];
    const { entry, changedAt, storyId } = state;
    if (entry && plan.writeEntry) {
      writes.push(
        put({ pk: sitemapDayPartition(entry.day), sk: storyId, listed: true, changedAt, ...entry }),
      );
    }
    const left = stored?.entry?.day;
    if (left && left !== entry?.day) {
      writes.push(put({ pk: sitemapDayPartition(left), sk: storyId, listed: false, changedAt }));
    }
    return writes;
  }

  /** A new change token on `day`: its sitemap files are behind. */
  #token(day: string) {
    return {
      Put: { TableName: this.#table, Item: { ...sitemapChangeKey(day), change: randomUUID() } },
    };
  }
}

interface StoredState {
  readonly stamp: string;
  readonly entry?: SitemapEntry;
}

function storedStateOf(item: Record<string, unknown>): StoredState {
  return {
    stamp: String(item.stamp),
    ...(item.entry ? { entry: item.entry as SitemapEntry } : {}),
  };
}

/** Most writes in one TransactWriteItems. */
const TRANSACTION_ITEMS = 100;

/** Stories' writes in transactions of at most 100, counting each chunk's day tokens once. */
function transactionsOf<P extends { writes: readonly unknown[]; days: readonly string[] }>(
  planned: readonly P[],
): Array<{ planned: P[]; days: Set<string> }> {
  const chunks: Array<{ planned: P[]; days: Set<string>; size: number }> = [];
  for (const p of planned) {
    let chunk = chunks.at(-1);
    const added = (c: { days: Set<string> }) => p.days.filter((day) => !c.days.has(day)).length;
    if (!chunk || chunk.size + p.writes.length + added(chunk) > TRANSACTION_ITEMS) {
      chunk = { planned: [], days: new Set(), size: 0 };
      chunks.push(chunk);
    }
    chunk.size += p.writes.length + added(chunk);
    chunk.planned.push(p);
    for (const day of p.days) chunk.days.add(day);
  }
  return chunks;
}

interface StatePlan {
  /** The days whose listing changes. */
  readonly days: string[];
  readonly writeEntry: boolean;
}

/**
 * What recording `state` over `stored` changes, or undefined when nothing is to be written: a
 * newer state is stored, the same state is, or the story was never listed and is not now.
 */
function planStateChange(
  stored: StoredState | undefined,
  state: SitemapState,
): StatePlan | undefined {
  if (!stored && !state.entry) return undefined;
  if (stored && stored.stamp > state.stamp) return undefined;
  const same = sameEntry(stored?.entry, state.entry);
  if (stored && stored.stamp === state.stamp && same) return undefined;
  const days = new Set<string>();
  if (!same) {
    if (state.entry) days.add(state.entry.day);
    if (stored?.entry) days.add(stored.entry.day);
  }
  return { days: [...days], writeEntry: !same };
}

function sameEntry(a: SitemapEntry | undefined, b: SitemapEntry | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.day === b.day &&
    a.published === b.published &&
    a.lastmod === b.lastmod &&
    a.title === b.title &&
    a.language === b.language
  );
}

function filesOfItem(day: string, item: Record<string, unknown>): SitemapDay {
  return {
    day,
    lastmod: String(item.lastmod),
    parts: Number(item.parts),
    ...(typeof item.covers === 'string' ? { covers: item.covers } : {}),
  };
}

function entryOfItem(item: Record<string, unknown>): SitemapEntry {
  return {
    storyId: String(item.storyId),
    day: String(item.day),
    published: String(item.published),
    lastmod: String(item.lastmod),
    title: String(item.title),
    language: String(item.language),
  };
}
