import { labelsFor } from '../content/labels.js';
import { publicUrl } from '../formats/feed-document.js';
import { renderHtmlPage } from './html.js';
import type { PageContext } from './story-page.js';

/**
 * What a story's page becomes once the story leaves every feed (killed, withheld, expired): a
 * short notice that names nothing of the story and asks search engines not to index it.
 */
export function renderWithdrawnPage(ctx: PageContext): string {
  const home = publicUrl(ctx.feedBaseUrl, '');
  const words = labelsFor(ctx.site.language);
  return renderHtmlPage({
    lang: ctx.site.language,
    title: `${words.withdrawnTitle} — ${ctx.site.title}`,
    robots: 'noindex',
    stylesheet: publicUrl(ctx.feedBaseUrl, 'page.css'),
    site: { name: ctx.site.title, url: home },
    main: [
      `    <h1>${words.withdrawnTitle}</h1>`,
      `    <p class="notice">${words.withdrawnNotice}</p>`,
    ].join('\n'),
  });
}
