import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { PreconditionFailedError } from '../../core/errors.js';
import type { FeedFile, FeedStore, PutOptions, StoredFile } from '../../core/ports.js';
import { nextLastModified } from '../last-modified.js';

const META_SUFFIX = '.meta.json';
const TEMP_SUFFIX = '.tmp';

/** Content types for files written without a sidecar (by hand, or by an older version). */
const CONTENT_TYPES: Record<string, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  opml: 'text/x-opml; charset=utf-8',
  xsl: 'application/xslt+xml; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/**
 * The FeedStore contract on a directory, for local mode. `put` is a compare-and-swap made atomic
 * within this process by a per-key lock and a rename (readers never see a half-written file);
 * two processes sharing one folder are not coordinated. The ETag is the SHA-256 of the bytes,
 * so it survives restarts; the content type lives in a `<file>.meta.json` sidecar. Each change
 * sets the mtime (the Last-Modified) at least a whole second past the previous one.
 */
export class FolderFeedStore implements FeedStore {
  readonly #root: string;
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(root: string) {
    this.#root = root;
  }

  async get(key: string): Promise<StoredFile | undefined> {
    const path = this.#pathOf(key);
    const body = await readIfExists(path);
    if (!body) return undefined;
    const [info, contentType] = await Promise.all([stat(path), readContentType(path)]);
    return { body, etag: etagOf(body), lastModified: info.mtime, contentType };
  }

  async put(file: FeedFile, options: PutOptions): Promise<{ etag: string }> {
    const path = this.#pathOf(file.key);
    return this.#exclusive(file.key, async () => {
      const current = await readIfExists(path);
      const matches =
        options.ifMatch === null ? !current : !!current && etagOf(current) === options.ifMatch;
      if (!matches) throw new PreconditionFailedError(file.key);
      const body = Buffer.from(file.body, 'utf8');
      await mkdir(dirname(path), { recursive: true });
      await writeAtomically(
        `${path}${META_SUFFIX}`,
        JSON.stringify({ contentType: file.contentType }),
      );
      const previous = current ? (await stat(path)).mtime : undefined;
      await writeAtomically(path, body);
      const modified = nextLastModified(previous, new Date());
      await utimes(path, modified, modified);
      return { etag: etagOf(body) };
    });
  }

  /** A key is a relative, slash-separated path that stays inside the root. */
  #pathOf(key: string): string {
    const segments = key.split('/');
    const bad =
      isAbsolute(key) ||
      key.includes('\\') ||
      key.includes('\0') ||
      segments.some((s) => s === '' || s === '.' || s === '..') ||
      key.endsWith(META_SUFFIX) ||
      key.endsWith(TEMP_SUFFIX);
    if (bad) throw new Error(`invalid feed store key: ${JSON.stringify(key)}`);
    return join(this.#root, ...segments);
  }

  /** Runs `task` after every earlier task on the same key has finished. */
  async #exclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.catch(() => undefined);
    this.#locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.#locks.get(key) === tail) this.#locks.delete(key);
    }
  }
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readContentType(path: string): Promise<string> {
  const meta = await readIfExists(`${path}${META_SUFFIX}`);
  if (meta) {
    const parsed = JSON.parse(meta.toString('utf8')) as { contentType?: unknown };
    if (typeof parsed.contentType === 'string') return parsed.contentType;
  }
  const extension = path.slice(path.lastIndexOf('.') + 1);
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/** Write beside the target, then rename over it: readers see the old or the new file, whole. */
async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  const temp = `${path}.${randomUUID()}${TEMP_SUFFIX}`;
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
