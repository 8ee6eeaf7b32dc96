import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type * as port from '../../core/ports.js';
import { bytesOf } from '../../core/use-cases/content-hash.js';
import { checkIfMatch, etagOf } from '../etag.js';
import { nextLastModified } from '../last-modified.js';

/** What tells one version of a file from another without reading it. */
interface FileVersion {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

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
export class FolderFeedStore implements port.FeedStore {
  readonly #root: string;
  readonly #locks = new Map<string, Promise<unknown>>();
  /** ETags of files this process has hashed, valid while the file's size and mtime match. */
  readonly #hashed = new Map<string, FileVersion & { etag: string }>();
  /** Content types this process has written or read from a sidecar. */
  readonly #types = new Map<string, string>();

  constructor(root: string) {
    this.#root = root;
  }

  async get(key: string): Promise<port.StoredFile | undefined> {
    const read = await this.#read(key);
    if (!read) return undefined;
    return { ...read, contentType: await this.#contentType(key) };
  }

  /** The ETag (the SHA-256 of the bytes, so also the content hash), hashing only a changed file. */
  async head(key: string): Promise<port.StoredFileHead | undefined> {
    const info = await statIfExists(this.#pathOf(key));
    if (!info) return undefined;
    const known = this.#known(key, info);
    const found = known ? { etag: known, lastModified: info.mtime } : await this.#read(key);
    return found && { ...found, contentHash: found.etag.slice(1, -1) };
  }

  async put(file: port.FeedFile, options: port.PutOptions): Promise<port.PutResult> {
    const path = this.#pathOf(file.key);
    return this.#exclusive(file.key, async () => {
      const current = await this.head(file.key);
      checkIfMatch(file.key, current, options);
      const body = bytesOf(file.body);
      await mkdir(dirname(path), { recursive: true });
      if (this.#types.get(file.key) !== file.contentType) {
        await writeAtomically(
          `${path}${META_SUFFIX}`,
          JSON.stringify({ contentType: file.contentType }),
        );
        this.#types.set(file.key, file.contentType);
      }
      // The file appears whole, with its final mtime, in one rename: a reader never sees the
      // new bytes with the old mtime (which the ETag cache would take for the old version).
      const modified = nextLastModified(current?.lastModified, new Date());
      const info = await writeAtomically(path, body, modified);
      const etag = this.#remember(file.key, etagOf(body, options.contentHash), info);
      return { etag, lastModified: info.mtime };
    });
  }

  /**
   * Body, ETag and Last-Modified of one version of the file: read through one open handle, so
   * a write that renames a new version in meanwhile cannot pair one version's bytes with the
   * other's ETag (a reader would then be told 304 until the next change).
   */
  async #read(key: string): Promise<Omit<port.StoredFile, 'contentType'> | undefined> {
    const handle = await openIfExists(this.#pathOf(key));
    if (!handle) return undefined;
    try {
      const info = await handle.stat();
      const body = await handle.readFile();
      const etag = this.#known(key, info) ?? this.#remember(key, etagOf(body), info);
      return { body, etag, lastModified: info.mtime };
    } finally {
      await handle.close();
    }
  }

  /** The ETag hashed earlier for exactly this file version (same inode, size and mtime). */
  #known(key: string, info: FileVersion): string | undefined {
    const known = this.#hashed.get(key);
    return known &&
      known.ino === info.ino &&
      known.size === info.size &&
      known.mtimeMs === info.mtimeMs
      ? known.etag
      : undefined;
  }

  #remember(key: string, etag: string, info: FileVersion): string {
    this.#hashed.set(key, { etag, ino: info.ino, size: info.size, mtimeMs: info.mtimeMs });
    return etag;
  }

  async #contentType(key: string): Promise<string> {
    const known = this.#types.get(key);
    if (known) return known;
    const type = await readContentType(this.#pathOf(key));
    this.#types.set(key, type);
    return type;
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

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function openIfExists(path: string) {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function statIfExists(path: string) {
  try {
    return await stat(path);
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

/**
 * Write beside the target (with its mtime, when given), then rename over it: readers see the old
 * or the new file, whole. Returns the new file's stat.
 */
async function writeAtomically(path: string, data: string | Buffer, mtime?: Date) {
  const temp = `${path}.${randomUUID()}${TEMP_SUFFIX}`;
  try {
    await writeFile(temp, data);
    if (mtime) await utimes(temp, mtime, mtime);
    const info = await stat(temp);
    await rename(temp, path);
    return info;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
