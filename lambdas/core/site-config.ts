import * as z from 'zod';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Partner feed profiles a custom feed may name (formats/partner-profiles.ts, docs/partners.md). */
export const PARTNER_PROFILES = ['smartnews', 'google-news', 'msn', 'flipboard'] as const;
export type PartnerProfile = (typeof PARTNER_PROFILES)[number];

const absoluteHttpUrl = z.string().refine(isAbsoluteHttpUrl, 'must be an absolute http(s) URL');

/** Schema of the `dateline` context in cdk.json: the one place the site is configured. */
export const siteConfigSchema = z
  .strictObject({
    title: z.string().min(1).max(200),
    description: z.string().max(1000).default(''),
    baseUrl: absoluteHttpUrl,
    language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 tag'),
    /** IANA time zone of the site's pages (feeds keep RFC 822/3339 instants); e.g. America/Vancouver. */
    timeZone: z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as America/Vancouver')
      .default('UTC'),
    itemsPerFeed: z.int().min(1).max(500).default(50),
    maxFeedBytes: z
      .int()
      .min(64 * 1024)
      .max(16 * 1024 * 1024)
      .default(2 * 1024 * 1024),
    /** The date part of every item's `tag:` URI; it must never change once feeds are public. */
    tagDate: z.iso.date().default('2026-01-01'),
    regions: z
      .array(
        z.strictObject({
          slug: z.string().regex(SLUG, 'must be a lowercase slug'),
          name: z.string().min(1).max(100),
        }),
      )
      .min(1)
      .max(500)
      .refine(
        (rs) => new Set(rs.map((r) => r.slug)).size === rs.length,
        'region slugs must be unique',
      ),
    /** Extra feeds: stories of some regions and one channel, optionally of some categories. */
    customFeeds: z
      .array(
        z.strictObject({
          slug: z.string().regex(SLUG, 'must be a lowercase slug'),
          name: z.string().min(1).max(100),
          channel: z.enum(['local', 'wire']),
          regions: z.array(z.string().regex(SLUG, 'must be a lowercase slug')).min(1).max(32),
          categories: z.array(z.string().min(1).max(100)).max(32).optional(),
          /** Render the feed's RSS for one partner's published requirements; none: a reader feed. */
          profile: z
            .enum(PARTNER_PROFILES, {
              error: (issue) =>
                `unknown profile ${JSON.stringify(issue.input)}: use one of ${PARTNER_PROFILES.join(', ')}`,
            })
            .optional(),
        }),
      )
      .max(100)
      .default([]),
    /** Items per RFC 5005 archive page; a full page never changes again but for a story on it. */
    archivePageSize: z.int().min(1).max(500).default(50),
    websubHub: absoluteHttpUrl.optional(),
    iconUrl: absoluteHttpUrl.optional(),
    logoUrl: absoluteHttpUrl.optional(),
    copyright: z.string().max(300).optional(),
    /**
     * Also carry the `dl:` extension fields (dateline, credit, version, status, regions …) in RSS
     * and Atom under the site's own namespace. Off by default: feed validators warn about any
     * namespace they do not know, and readers show these fields from the item's content and
     * author lines anyway. JSON Feed always carries them as `_dateline`.
     */
    xmlExtension: z.boolean().default(false),
    /** How long a killed story's Atom tombstone stays in the feed. */
    tombstoneDays: z.int().min(0).max(90).default(7),
  })
  .superRefine((site, ctx) => {
    const regions = new Set(site.regions.map((r) => r.slug));
    const seen = new Set<string>();
    site.customFeeds.forEach((feed, index) => {
      if (regions.has(feed.slug) || seen.has(feed.slug)) {
        ctx.addIssue({
          code: 'custom',
          path: ['customFeeds', index, 'slug'],
          message: `"${feed.slug}" is already a region or custom feed`,
        });
      }
      seen.add(feed.slug);
      const profileProblem = feed.profile && profileRequirement(site, feed.profile);
      if (profileProblem) {
        ctx.addIssue({
          code: 'custom',
          path: ['customFeeds', index, 'profile'],
          message: profileProblem,
        });
      }
      feed.regions.forEach((region, r) => {
        if (!regions.has(region)) {
          ctx.addIssue({
            code: 'custom',
            path: ['customFeeds', index, 'regions', r],
            message: `unknown region "${region}"`,
          });
        }
      });
    });
  });

export type SiteConfig = z.output<typeof siteConfigSchema>;
export type Region = SiteConfig['regions'][number];
export type CustomFeed = SiteConfig['customFeeds'][number];

/** What a partner profile needs of the site that the site does not give, if anything. */
function profileRequirement(
  site: { readonly logoUrl?: string; readonly itemsPerFeed: number },
  profile: PartnerProfile,
): string | undefined {
  if (profile === 'smartnews' && !site.logoUrl) {
    return "smartnews needs the site's logoUrl (SmartFormat 2.x shows it as snf:logo)";
  }
  if (profile === 'flipboard' && site.itemsPerFeed < 30) {
    return `flipboard wants at least 30 items per feed; itemsPerFeed is ${site.itemsPerFeed}`;
  }
  return undefined;
}

/** True for `http:` and `https:` URLs that `new URL` accepts without a base. */
export function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Parses the site configuration, naming every bad field in the error. */
export function parseSiteConfig(input: unknown): SiteConfig {
  const result = siteConfigSchema.safeParse(input);
  if (result.success) return Object.freeze(result.data);
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new Error(`invalid dateline configuration: ${problems.join('; ')}`);
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
