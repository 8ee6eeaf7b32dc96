/**
 * CSS for RSS and Atom documents, for a browser that shows the feed itself as XML (browser tabs
 * are normally routed to the HTML view; Dateline uses no XSLT, which Chromium is removing).
 * CSS can only show and style elements:
 * everything is hidden except the feed title, the notice, and each item's headline, date, byline
 * and dek.
 */
export const FEED_CSS = `@namespace atom url(http://www.w3.org/2005/Atom);
@namespace dc url(http://purl.org/dc/elements/1.1/);

* { display: none; }
rss, channel, item, atom|feed, atom|entry { display: block; }
rss, atom|feed {
  font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem;
  color: #202124; background: #fff;
}
channel::before, atom|feed::before {
  content: "This is a news feed. To follow it, copy this page's address into your feed reader.";
  display: block; background: #fef7e0; color: #3c4043; border-radius: 8px;
  padding: .8rem 1rem; font-size: .95rem; margin: 0 0 1.75rem;
}
channel > title, atom|feed > atom|title {
  display: block; font-size: 2rem; font-weight: 700; line-height: 1.2; margin: 0 0 .4rem;
}
channel > description, atom|feed > atom|subtitle {
  display: block; color: #5f6368; margin: 0 0 1rem;
}
item, atom|entry {
  display: flex; flex-wrap: wrap; align-items: baseline; column-gap: .75rem;
  border-top: 1px solid #dadce0; padding: 1.1rem 0;
}
item > title, atom|entry > atom|title {
  display: block; flex: 0 0 100%; order: 1; margin-bottom: .25rem;
  font-size: 1.2rem; font-weight: 600; line-height: 1.3; color: #0b57d0;
}
item > pubDate, atom|entry > atom|published { display: block; order: 2; }
item > dc|creator, atom|entry > atom|author { display: block; order: 3; }
item > pubDate, atom|entry > atom|published, item > dc|creator, atom|entry > atom|author {
  color: #5f6368; font-size: .85rem;
}
atom|entry > atom|author > atom|name { display: inline; }
item > description, atom|entry > atom|summary {
  display: block; flex: 0 0 100%; order: 4; margin-top: .35rem;
}
`;
