import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./sitemap_rules.py', import.meta.url));

/**
 * The sitemaps.org rules (and Google's News sitemap rules) a sitemap file breaks, as checked by
 * Python's own xml.etree in `sitemap_rules.py`: an empty list for a valid file.
 */
export function sitemapProblems(kind: 'index' | 'urlset' | 'news', body: string): string[] {
  const out = execFileSync('python3', [SCRIPT], {
    input: JSON.stringify({ kind, body }),
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.toString('utf8')) as string[];
}
