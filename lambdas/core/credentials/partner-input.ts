import * as z from 'zod';
import { type Issue, ValidationError } from '../errors.js';
import { formatPath } from '../story/story-schema.js';
import { PARTNER_NAME } from './partner.js';

/** What `POST /partners` takes. */
export interface PartnerInput {
  readonly name: string;
  readonly endpoint: string;
  readonly feeds: readonly string[];
}

/**
 * The shape of a new partner, as the OpenAPI description shows it. Whether each feed exists and
 * the endpoint is HTTPS are checked by `parsePartnerInput`.
 */
export const partnerInputSchema = z.strictObject({
  name: z.string().regex(PARTNER_NAME, 'must be 1-64 of letters, digits, ".", "_", ":" and "-"'),
  endpoint: z
    .string()
    .max(2000)
    .meta({ description: 'an https:// URL that receives the signed notifications' }),
  feeds: z.array(z.string().min(1).max(200)).min(1, 'must name at least one feed').max(500).meta({
    description:
      'feeds as `region/channel` (e.g. `okanagan/local`), or a custom feed slug (`interior-sports`)',
  }),
});

export interface PartnerRules {
  /** Every published feed id, `region/channel` (custom feeds as `slug/channel`). */
  readonly feedIds: readonly string[];
  /** Local mode only: `http://127.0.0.1`, `http://[::1]` and `http://localhost` are allowed. */
  readonly allowLoopbackHttp: boolean;
}

/** Validates a new partner: its name, an HTTPS endpoint, and feeds that exist. */
export function parsePartnerInput(input: unknown, rules: PartnerRules): PartnerInput {
  const result = partnerInputSchema.safeParse(input);
  const issues: Issue[] = result.success ? [] : result.error.issues.flatMap(toIssues);
  const { endpoint, feeds } = (input ?? {}) as { endpoint?: unknown; feeds?: unknown };
  const endpointProblem = typeof endpoint === 'string' ? checkEndpoint(endpoint, rules) : undefined;
  if (endpointProblem) issues.push({ path: 'endpoint', message: endpointProblem });
  const resolved: string[] = [];
  if (Array.isArray(feeds)) {
    feeds.forEach((feed, index) => {
      if (typeof feed !== 'string') return;
      const id = resolveFeed(feed, rules.feedIds);
      if (id) resolved.push(id);
      else issues.push({ path: `feeds[${index}]`, message: `no feed "${feed}" is published` });
    });
  }
  if (!result.success || issues.length > 0) {
    throw new ValidationError('the partner is invalid', issues.slice(0, 100));
  }
  return {
    name: result.data.name,
    endpoint: new URL(result.data.endpoint).href,
    feeds: [...new Set(resolved)].sort(),
  };
}

/** `region/channel` as it is, or a custom feed's bare slug (which has one channel). */
function resolveFeed(feed: string, feedIds: readonly string[]): string | undefined {
  if (feedIds.includes(feed)) return feed;
  const bySlug = feedIds.filter((id) => id.slice(0, id.lastIndexOf('/')) === feed);
  return bySlug.length === 1 ? bySlug[0] : undefined;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function checkEndpoint(endpoint: string, rules: PartnerRules): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'must be an absolute https:// URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not have a #fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && rules.allowLoopbackHttp && LOOPBACK_HOSTS.has(url.hostname)) {
    return undefined;
  }
  return rules.allowLoopbackHttp
    ? 'must be https:// (http:// only to 127.0.0.1, [::1] or localhost in local mode)'
    : 'must be https://';
}

function toIssues(issue: z.core.$ZodIssue): Issue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: key, message: 'is not a partner field' }));
  }
  return [{ path: formatPath(issue.path), message: issue.message }];
}
