/** What one attempt came to: a 2xx answer, or why not (status or network error). */
export type AttemptResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * POSTs one signed notification. Only a 2xx answer within `timeoutMs` delivers it; a redirect
 * is not followed (the partner registered this endpoint) and counts as a failure, as does any
 * other status, a timeout or a network error. The answer's body is never read.
 */
export async function deliverPush(input: {
  readonly endpoint: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly timeoutMs?: number;
}): Promise<AttemptResult> {
  try {
    const response = await fetch(input.endpoint, {
      method: 'POST',
      headers: input.headers,
      body: input.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(input.timeoutMs ?? 10_000),
    });
    await response.body?.cancel().catch(() => undefined);
    return response.status >= 200 && response.status < 300
      ? { ok: true }
      : { ok: false, error: `endpoint answered HTTP ${response.status}` };
  } catch (error) {
    const reason = error instanceof Error ? ((error.cause as Error)?.message ?? error.message) : '';
    return { ok: false, error: `endpoint not reached: ${reason || String(error)}` };
  }
}
