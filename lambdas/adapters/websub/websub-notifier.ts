/** Tells a WebSub hub that feed URLs changed (`hub.mode=publish`), so subscribers fetch at once. */
export type HubNotifier = (urls: readonly string[]) => Promise<void>;

/**
 * Pings `hubUrl` once per changed URL. A hub that is down must not fail the publish (the feeds
 * are already written and readers still poll), so failures are reported, not thrown.
 */
export function createWebSubNotifier(
  hubUrl: string,
  onError: (url: string, reason: string) => void,
): HubNotifier {
  return async (urls) => {
    await Promise.all(
      urls.map(async (url) => {
        try {
          const response = await fetch(hubUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': url }),
            signal: AbortSignal.timeout(5000),
          });
          if (!response.ok) onError(url, `hub answered ${response.status}`);
        } catch (error) {
          onError(url, error instanceof Error ? error.message : String(error));
        }
      }),
    );
  };
}
