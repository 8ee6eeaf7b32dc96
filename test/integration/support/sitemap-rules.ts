import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./sitemap_rules.py', import.meta.url));

/**
 * The sitemaps.org rules (and Google's News sitemap rules) a sitemap file breaks, as checked by
 * Python's own xml.etree in `sitemap_rules.py`: an empty list for a valid file. Asynchronous, so
 * a local app served from the test's own process keeps answering while Python runs.
 */
export function sitemapProblems(
  kind: 'index' | 'urlset' | 'news',
  body: string,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) =>
      reject(new Error(`the sitemap checks need python3 on the PATH: ${error.message}`)),
    );
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`sitemap_rules.py exited ${code}: ${Buffer.concat(err).toString()}`));
        return;
      }
      resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as string[]);
    });
    child.stdin.end(JSON.stringify({ kind, body }));
  });
}
