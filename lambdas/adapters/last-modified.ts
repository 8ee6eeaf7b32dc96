/**
 * The Last-Modified to record for a change: now, but at least one whole second after the
 * previous one. HTTP dates have one-second precision, so without this a change made in the same
 * second as the last one keeps the same Last-Modified, and a reader sending only
 * If-Modified-Since is told 304 and keeps, say, a killed story.
 */
export function nextLastModified(previous: Date | undefined, now: Date): Date {
  if (!previous) return now;
  const floor = Math.floor(previous.getTime() / 1000) * 1000;
  return new Date(Math.max(now.getTime(), floor + 1000));
}
