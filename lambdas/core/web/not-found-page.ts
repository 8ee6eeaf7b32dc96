import { labelsFor } from '../content/labels.js';
import { publicUrl } from '../formats/feed-document.js';
import type { SiteConfig } from '../site-config.js';
import { attr, renderHtmlPage } from './html.js';

/**
 * What a browser is shown at an address where nothing is published: a story not yet out (an
 * embargo), a mistyped link. It names nothing it could leak (no id, no embargo) and leads back
 * to the directory. Served as `404.html`: by CloudFront for a missing object, locally by the
 * server to requests that accept HTML (API clients get the JSON error).
 */
export function renderNotFoundPage(site: SiteConfig, feedBaseUrl: string): string {
  const words = labelsFor(site.language);
  const home = publicUrl(feedBaseUrl, '');
  return renderHtmlPage({
    lang: site.language,
    title: `${words.notFoundTitle} — ${site.title}`,
    robots: 'noindex',
    stylesheet: publicUrl(feedBaseUrl, 'page.css'),
    site: { name: site.title, url: home },
    main: [
      `    <h1>${words.notFoundTitle}</h1>`,
      `    <p class="notice">${words.notFoundNotice}</p>`,
      `    <p><a href="${attr(home)}">${words.allFeeds}</a></p>`,
    ].join('\n'),
  });
}
