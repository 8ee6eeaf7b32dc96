import type { FeedRenderer } from './feed-renderer.js';

/**
 * A new renderer, its code (feed@6, the XML parser, the HTML sanitiser) loaded on first use:
 * a publisher that renders nothing (most minute sweeps find nothing due) never loads it, and
 * a cold start does not pay for it.
 */
export async function loadFeedRenderer(): Promise<FeedRenderer> {
  const { createFeedRenderer } = await import('./feed-renderer.js');
  return createFeedRenderer();
}

/** One renderer for the life of a publisher (a warm Lambda), loaded when first asked for. */
export function createLazyRenderer(): () => Promise<FeedRenderer> {
  let renderer: Promise<FeedRenderer> | undefined;
  return () => {
    renderer ??= loadFeedRenderer().catch((error: unknown) => {
      renderer = undefined;
      throw error;
    });
    return renderer;
  };
}
