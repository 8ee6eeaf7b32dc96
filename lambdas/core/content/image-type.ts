/**
 * Image media types by file extension, for images sent without a `type`. Only extensions whose
 * type is unambiguous are listed; feed@6's own guess (`image/<extension>`) gives unregistered
 * types such as `image/jpg` or `image/php`.
 */
const BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['jpe', 'image/jpeg'],
  ['png', 'image/png'],
  ['gif', 'image/gif'],
  ['webp', 'image/webp'],
  ['avif', 'image/avif'],
  ['svg', 'image/svg+xml'],
]);

const MEDIA_TYPE = /^image\/[a-z0-9.+-]+$/;

/**
 * The media type of an image: the sender's `type` when it is a well-formed image type, else the
 * type of a known extension in the URL's path (the query is ignored), else `image/jpeg` — the
 * type of nearly all news photos, and what readers handle best when the truth is unknown.
 */
export function imageTypeOf(image: { readonly url: string; readonly type?: string }): string {
  if (image.type && MEDIA_TYPE.test(image.type)) return image.type;
  const extension = extensionOf(image.url);
  return (extension && BY_EXTENSION.get(extension)) || 'image/jpeg';
}

function extensionOf(url: string): string | undefined {
  try {
    const last = new URL(url).pathname.split('/').pop() ?? '';
    const dot = last.lastIndexOf('.');
    return dot < 0 ? undefined : last.slice(dot + 1).toLowerCase();
  } catch {
    return undefined;
  }
}
