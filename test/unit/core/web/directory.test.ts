import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderDirectoryFiles } from '../../../../lambdas/core/web/directory.js';
import { FEED_BASE_URL, feedSite } from '../../../fixtures/stories.js';
import { expectWellFormed } from '../formats/feed-readers.js';

function file(key: string, site = feedSite()): string {
  const found = renderDirectoryFiles(site, FEED_BASE_URL).find((f) => f.key === key);
  if (!found) throw new Error(`no ${key}`);
  return found.body;
}

describe('renderDirectoryFiles', () => {
  it('renders the directory page, the OPML list and the stylesheets for feeds and pages', () => {
    const files = renderDirectoryFiles(feedSite(), FEED_BASE_URL);

    expect(files.map(({ key, contentType }) => ({ key, contentType }))).toEqual([
      { key: 'index.html', contentType: 'text/html; charset=utf-8' },
      { key: 'feeds.opml', contentType: 'text/x-opml; charset=utf-8' },
      { key: '404.html', contentType: 'text/html; charset=utf-8' },
      { key: 'robots.txt', contentType: 'text/plain; charset=utf-8' },
      { key: 'feed.css', contentType: 'text/css; charset=utf-8' },
      { key: 'page.css', contentType: 'text/css; charset=utf-8' },
    ]);
  });

  it('announces every feed file with a discovery link: regions × channels × formats', () => {
    const links = [
      ...file('index.html').matchAll(
        /<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">/g,
      ),
    ];

    expect(links).toHaveLength(3 * 2 * 3);
    expect(links.slice(0, 3).map((m) => [m[1], m[2], m[3]])).toEqual([
      [
        'application/rss+xml',
        'Okanagan: Local news (RSS)',
        `${FEED_BASE_URL}/feeds/okanagan/local.rss`,
      ],
      [
        'application/atom+xml',
        'Okanagan: Local news (Atom)',
        `${FEED_BASE_URL}/feeds/okanagan/local.atom`,
      ],
      [
        'application/feed+json',
        'Okanagan: Local news (JSON Feed)',
        `${FEED_BASE_URL}/feeds/okanagan/local.json`,
      ],
    ]);
  });

  it('documents the extension fields where the JSON Feed about link points', () => {
    expect(file('index.html')).toContain('<h2 id="dateline-extension">');
  });

  it('escapes configured text in the page', () => {
    const site = feedSite({ title: 'A <script>alert(1)</script> & "Co"' });

    expect(file('index.html', site)).not.toContain('<script>');
    expect(file('index.html', site)).toContain(
      'A &lt;script&gt;alert(1)&lt;/script&gt; &amp; "Co"',
    );
  });

  it('lists one OPML 2.0 outline per feed, pointing at its RSS file', () => {
    const opml = file('feeds.opml');
    expectWellFormed(opml);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(opml);

    expect(parsed.opml.version).toBe('2.0');
    expect(parsed.opml.head.title).toBe('Interior News Group feeds');
    const feeds = parsed.opml.body.outline.filter((o: { type?: string }) => o.type === 'rss');
    expect(feeds).toHaveLength(3 * 2);
    expect(parsed.opml.body.outline[0]).toEqual({
      type: 'rss',
      version: 'RSS2',
      text: 'Interior News Group — Okanagan: Local news',
      title: 'Interior News Group — Okanagan: Local news',
      xmlUrl: `${FEED_BASE_URL}/feeds/okanagan/local.rss`,
      htmlUrl: `${FEED_BASE_URL}/feeds/okanagan/local.html`,
      language: 'en-CA',
    });
  });

  it('links every feed to its HTML view', () => {
    const page = file('index.html');

    for (const region of ['okanagan', 'shuswap', 'kootenay']) {
      for (const channel of ['local', 'wire']) {
        expect(page).toContain(`href="${FEED_BASE_URL}/feeds/${region}/${channel}.html"`);
      }
    }
  });

  it('lists configured custom feeds in the page and the OPML list', () => {
    const site = feedSite({
      customFeeds: [
        {
          slug: 'interior-sports',
          name: 'Interior sports',
          channel: 'local',
          regions: ['okanagan', 'shuswap'],
          categories: ['Sports'],
        },
      ],
    });
    const opml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      file('feeds.opml', site),
    );

    expect(file('index.html', site)).toContain(
      `<a href="${FEED_BASE_URL}/feeds/interior-sports/local.html">Interior sports</a>`,
    );
    expect(opml.opml.body.outline).toHaveLength(3 * 2 + 2);
    expect(opml.opml.body.outline[6].xmlUrl).toBe(
      `${FEED_BASE_URL}/feeds/interior-sports/local.rss`,
    );
  });

  it('lists the sitemaps in the page and, as link outlines, in the OPML list', () => {
    const page = file('index.html');
    expect(page).toContain('<h2 id="sitemaps">Sitemaps</h2>');
    expect(page).toContain(`href="${FEED_BASE_URL}/sitemap.xml"`);
    expect(page).toContain(`href="${FEED_BASE_URL}/sitemaps/news.xml"`);
    expect(page).toContain(`href="${FEED_BASE_URL}/robots.txt"`);
    const opml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      file('feeds.opml'),
    );
    const group = opml.opml.body.outline.at(-1);
    expect(group.text).toBe('Sitemaps');
    expect(group.outline).toEqual([
      { type: 'link', text: 'Sitemap index', url: `${FEED_BASE_URL}/sitemap.xml` },
      { type: 'link', text: 'Google News sitemap', url: `${FEED_BASE_URL}/sitemaps/news.xml` },
    ]);
  });

  it('lists partner feeds with their profile in the page and the OPML list', () => {
    const site = feedSite({
      customFeeds: [
        {
          slug: 'for-smartnews',
          name: 'For SmartNews',
          channel: 'wire',
          regions: ['okanagan'],
          profile: 'smartnews',
        },
      ],
    });
    const page = file('index.html', site);
    expect(page).toContain('<h2 id="partner-feeds">Partner feeds</h2>');
    expect(page).toContain(
      `<li><a href="${FEED_BASE_URL}/feeds/for-smartnews/wire.rss">For SmartNews</a>: SmartNews (SmartFormat 2.1)</li>`,
    );
    expect(file('index.html')).not.toContain('partner-feeds');
    const opml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      file('feeds.opml', site),
    );
    expect(opml.opml.body.outline[6]).toMatchObject({
      xmlUrl: `${FEED_BASE_URL}/feeds/for-smartnews/wire.rss`,
      category: '/partner/smartnews',
    });
  });

  it('renders the same bytes for the same configuration', () => {
    expect(renderDirectoryFiles(feedSite(), FEED_BASE_URL)).toEqual(
      renderDirectoryFiles(feedSite(), FEED_BASE_URL),
    );
  });
});
