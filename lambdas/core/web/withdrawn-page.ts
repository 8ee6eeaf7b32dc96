import { publicUrl } from '../formats/feed-document.js';
import { renderHtmlPage } from './html.js';
import type { PageContext } from './story-page.js';

/**
 * What a story's page becomes once the story leaves every feed (killed, withheld, expired): a
 * short notice that names nothing of the story and asks search engines not to index it.
 */
export function renderWithdrawnPage(ctx: PageContext): string {
  const home = publicUrl(ctx.feedBaseUrl, '');
  return renderHtmlPage({
    lang: ctx.site.language,
    title: `Story withdrawn — ${ctx.site.title}`,
    robots: 'noindex',
    stylesheet: publicUrl(ctx.feedBaseUrl, 'page.css'),
    site: { name: ctx.site.title, url: home },
    main: [
      '    <h1>This story was withdrawn</h1>',
      '    <p class="notice">It is no longer published. Its feeds no longer carry it.</p>',
    ].join('\n'),
  });
}
