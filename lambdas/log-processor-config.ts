/**
 * The log processor's environment, read once at cold start. Apart from config.ts, like the
 * authorizer's: it needs neither the site nor the stories table.
 */
export interface LogProcessorConfig {
  /** `STATS_TABLE_NAME`: the audience counts. */
  readonly statsTableName: string;
  /** `STATS_KEYS_TABLE_NAME`: the day keys, in a table of their own. */
  readonly keysTableName: string;
  readonly awsRegion: string;
  readonly logLevel: string;
}

export function loadLogProcessorConfig(
  env: Readonly<Record<string, string | undefined>>,
): LogProcessorConfig {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is required`);
    return value;
  };
  return Object.freeze({
    statsTableName: required('STATS_TABLE_NAME'),
    keysTableName: required('STATS_KEYS_TABLE_NAME'),
    awsRegion: env.AWS_REGION ?? 'us-east-1',
    logLevel: (env.LOG_LEVEL ?? 'INFO').toUpperCase(),
  });
}
