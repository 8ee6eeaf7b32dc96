import { cleanText } from '../content/clean-text.js';
import type { SiteConfig } from '../site-config.js';
import type { FeedRef } from '../story/story.js';

/**
 * RFC 4151 `tag:` URIs. They depend only on the site's host and `tagDate` and on the story id,
 * never on the story's URL or content, so an item keeps one identity across edits, formats and
 * feeds. Changing `baseUrl`'s host or `tagDate` re-identifies every item: never do it once public.
 */
export function storyTagUri(site: SiteConfig, storyId: string): string {
  return `${tagPrefix(site)}:story/${encodeSpecific(storyId)}`;
}

/** The id of one feed (Atom `feed/id`). */
export function feedTagUri(site: SiteConfig, feed: FeedRef): string {
  return `${tagPrefix(site)}:feed/${encodeSpecific(feed.region)}/${feed.channel}`;
}

/** The category scheme (Atom `scheme`, RSS `domain`) that marks a category as a region. */
export function regionSchemeUri(site: SiteConfig): string {
  return `${tagPrefix(site)}:region`;
}

function tagPrefix(site: SiteConfig): string {
  return `tag:${hostOf(site.baseUrl)},${site.tagDate}`;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

/** Valid story ids (letters, digits, `.` `_` `:` `-`) pass unchanged; anything else is %-encoded. */
function encodeSpecific(value: string): string {
  return cleanText(value).replace(/[^A-Za-z0-9._:~-]/gu, (c) => encodeURIComponent(c));
}
