import { createHash } from 'node:crypto';

/** SHA-256 of a file's UTF-8 bytes, base64url: the content hash feed stores record. */
export function contentHashOf(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64url');
}
