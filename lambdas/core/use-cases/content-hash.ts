import { createHash } from 'node:crypto';

/** A file body as its UTF-8 bytes: text is encoded, bytes are taken as they are. */
export function bytesOf(body: string | Buffer): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/** SHA-256 of a file's UTF-8 bytes, base64url: the content hash feed stores record. */
export function contentHashOf(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64url');
}
