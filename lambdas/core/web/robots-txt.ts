import { publicUrl } from '../formats/feed-document.js';
import { NEWS_SITEMAP_KEY, SITEMAP_INDEX_KEY } from './sitemap-xml.js';

export const ROBOTS_KEY = 'robots.txt';
export const ROBOTS_CONTENT_TYPE = 'text/plain; charset=utf-8';

/**
 * robots.txt (RFC 9309): every crawler may fetch everything published, and the `Sitemap`
 * lines (sitemaps.org) name the sitemap index and the News sitemap by absolute URL.
 */
export function renderRobotsTxt(feedBaseUrl: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    '',
    `Sitemap: ${publicUrl(feedBaseUrl, SITEMAP_INDEX_KEY)}`,
    `Sitemap: ${publicUrl(feedBaseUrl, NEWS_SITEMAP_KEY)}`,
    '',
  ].join('\n');
}
