/**
 * The authorizer's environment, read once at cold start. Apart from config.ts (which also
 * parses the site config, with zod) because the authorizer bundle stays lean: it needs no site.
 */
export interface AuthorizerConfig {
  /** The credentials table (`CREDENTIALS_TABLE_NAME`): the authorizer reads no other. */
  readonly tableName: string;
  readonly tokenSecretArn: string;
  readonly awsRegion: string;
  readonly logLevel: string;
}

export function loadAuthorizerConfig(
  env: Readonly<Record<string, string | undefined>>,
): AuthorizerConfig {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is required`);
    return value;
  };
  return Object.freeze({
    tableName: required('CREDENTIALS_TABLE_NAME'),
    tokenSecretArn: required('API_TOKEN_SECRET_ARN'),
    awsRegion: env.AWS_REGION ?? 'us-east-1',
    logLevel: (env.LOG_LEVEL ?? 'INFO').toUpperCase(),
  });
}
