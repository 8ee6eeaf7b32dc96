import { parseSiteConfig, type SiteConfig } from '../lambdas/core/site-config.js';

/**
 * Validates the `dateline` context. cdk.json gives an object; `cdk deploy -c dateline='{…}'`
 * gives a JSON string, so a string is parsed first.
 */
export function parseSiteContext(value: unknown): SiteConfig {
  if (value === undefined) throw new Error('context "dateline" is missing (see cdk.json)');
  if (typeof value !== 'string') return parseSiteConfig(value);
  try {
    return parseSiteConfig(JSON.parse(value));
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new Error(`context "dateline" is not JSON: ${error.message}`);
    throw error;
  }
}
