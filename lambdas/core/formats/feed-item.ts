import { authorsOf, type CreditedAuthor } from '../content/authors.js';
import { cleanLine } from '../content/clean-text.js';
import { composeContent } from '../content/compose-body.js';
import { cleanDateline } from '../content/dateline-lead.js';
import { imageTypeOf } from '../content/image-type.js';
import { leadSummary } from '../content/lead-summary.js';
import type { SiteConfig } from '../site-config.js';
import type { Channel, Story } from '../story/story.js';
import { feedDateOf } from '../story/story-rules.js';
import type { DatelineFields } from './dateline-extension.js';
import { midnightOf, toInstant } from './dates.js';
import { storyTagUri } from './tag-uri.js';

/** A byline as feeds carry it: "Dana Whitfield, The Canadian Wire", with a profile URL. */
export type FeedAuthor = CreditedAuthor;

/** The story's picture, for Media RSS, enclosures and JSON `image`. */
export interface FeedImage {
  readonly url: string;
  /** Always set: the sender's type, or one guessed from a known extension, or image/jpeg. */
  readonly type: string;
  readonly caption?: string;
  /** The picture's description for `alt`; absent, the caption beside it is the text. */
  readonly alt?: string;
  readonly credit?: string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * One item, format-neutral and already safe: text is cleaned plain text, `contentHtml` is
 * sanitised HTML, every URL is absolute http(s), dates are normalised ISO instants, and `id` is
 * the stable tag URI every format uses.
 */
export interface FeedItem {
  readonly id: string;
  readonly channel: Channel;
  readonly title: string;
  /** The dek, or for wire copy sent without one, the lead paragraph as plain text. */
  readonly summary?: string;
  /** The item's link: the sender's page when given, otherwise the story's page on the feed site. */
  readonly url?: string;
  /** The story's own page on the feed site, and the story's id (set by buildFeedDocument). */
  readonly pageUrl?: string;
  readonly storyId?: string;
  /** Wire copy only: the full body with correction, dateline and contributors line. */
  readonly contentHtml?: string;
  /** One per person, each with the agency; the agency alone when only a credit is given. */
  readonly authors: readonly FeedAuthor[];
  /** Everyone in one line, for formats and readers that keep a single author. */
  readonly authorLine?: string;
  readonly categories: readonly string[];
  /** Display names of the configured regions the story is listed in. */
  readonly regions: readonly { readonly slug: string; readonly name: string }[];
  readonly image?: FeedImage;
  /** First publication in the feeds: the later of publishedAt and embargoUntil. */
  readonly published: string;
  /** The last update, never earlier than `published`. */
  readonly updated: string;
  readonly rights?: string;
  readonly language?: string;
  readonly extension: DatelineFields;
}

/** A story's date in the feeds as an ISO instant; a bad stored date falls back, never throws. */
export function feedInstantOf(site: SiteConfig, story: Story): string {
  return toInstant(feedDateOf(story)) ?? toInstant(story.receivedAt) ?? midnightOf(site.tagDate);
}

/** Maps a stored story to its feed item; total for any story the store can return. */
export function toFeedItem(site: SiteConfig, story: Story): FeedItem {
  const url = absoluteUrl(story.url);
  const published = feedInstantOf(site, story);
  const updatedAt = toInstant(story.updatedAt);
  const regions = regionsOf(site, story);
  const content = story.channel === 'wire' ? composeContent({ ...story, url }) : undefined;
  const authors = authorsOf(
    story.byline.map((b) => ({ ...b, url: absoluteUrl(b.url) })),
    story.credit,
  );
  return {
    id: storyTagUri(site, story.id),
    channel: story.channel,
    title: cleanLine(story.headline),
    summary: optionalLine(story.summary) ?? (content && leadSummary(content.story)),
    url,
    // Nothing composed (no body, summary, byline or photo): no content, as for a teaser.
    contentHtml: content?.html || undefined,
    authors: authors.people,
    authorLine: authors.line,
    categories: [...new Set((story.categories ?? []).map(cleanLine).filter(Boolean))],
    regions,
    image: imageOf(story, url),
    published,
    updated: updatedAt && Date.parse(updatedAt) > Date.parse(published) ? updatedAt : published,
    rights: optionalLine(story.copyright),
    language:
      story.language && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(story.language)
        ? story.language
        : undefined,
    extension: {
      version: story.version,
      status: story.status,
      regions: regions.map((r) => r.slug),
      dateline: cleanDateline(story.dateline) || undefined,
      credit: optionalLine(story.credit),
      contributors: optionalLine(story.contributors),
      correction: optionalLine(story.correction),
    },
  };
}

/** An absolute http(s) URL, normalised, or undefined: feed@6 throws on anything else. */
export function absoluteUrl(value: string | undefined, base?: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function optionalLine(value: string | undefined): string | undefined {
  return cleanLine(value ?? '') || undefined;
}

function regionsOf(site: SiteConfig, story: Story) {
  if (story.regions.includes('*')) return site.regions;
  return site.regions.filter((region) => story.regions.includes(region.slug));
}

function imageOf(story: Story, storyUrl: string | undefined): FeedImage | undefined {
  const image = story.image;
  const url = absoluteUrl(image?.url, storyUrl);
  if (!image || !url) return undefined;
  return {
    url,
    type: imageTypeOf({ url, type: image.type }),
    caption: optionalLine(image.caption),
    alt: optionalLine(image.alt),
    credit: optionalLine(image.credit),
    width: positiveInt(image.width),
    height: positiveInt(image.height),
  };
}

function positiveInt(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}
