import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import type { SiteConfig } from '../../../lambdas/core/site-config.js';
import { SplitBundle } from '../../../lib/bundling/split-bundle.js';
import { bundleDefines, type DatelineFunction } from '../../../lib/constructs/dateline-function.js';
import { parseSiteContext } from '../../../lib/site-context.js';
import { buildStack, cdkJsonContext } from '../../infra/stack-fixture.js';

export type LambdaName = 'ingest' | 'publish' | 'render' | 'authorizer';

/** A Lambda of the stack as `cdk synth` defines it (stage dev, cdk.json's context). */
export interface StackFunction {
  /** The TypeScript entry DatelineFunction bundles. */
  readonly entry: string;
  /** The site config compiled into the bundle, if any (DatelineFunction's `bundledConfig`). */
  readonly bundledConfig: SiteConfig | undefined;
  readonly memorySize: number;
  /** The function's environment; values the stack fills in at deploy are still tokens here. */
  readonly variables: Readonly<Record<string, unknown>>;
}

const ENTRIES: Record<LambdaName, string> = {
  ingest: 'lambdas/handlers/ingest.ts',
  publish: 'lambdas/handlers/publish.ts',
  render: 'lambdas/handlers/render-feed.ts',
  authorizer: 'lambdas/handlers/authorize.ts',
};

/**
 * The Lambdas of the dev stack (synthesised without bundling): their environment and
 * memory as the template gives them, so a variable the stack adds reaches the test too.
 */
export function stackFunctions(): Record<LambdaName, StackFunction> {
  const stack = buildStack('dev');
  const site = parseSiteContext(cdkJsonContext().dateline);
  const resources = Template.fromStack(stack).toJSON().Resources as Record<
    string,
    { Properties: { MemorySize: number; Environment?: { Variables?: Record<string, unknown> } } }
  >;
  const describe = (fn: DatelineFunction, name: LambdaName, bundled: boolean): StackFunction => {
    const properties = resources[stack.getLogicalId(fn.node.defaultChild as never)]?.Properties;
    if (!properties) throw new Error(`the template has no function for ${name}`);
    return {
      entry: fileURLToPath(new URL(`../../../${ENTRIES[name]}`, import.meta.url)),
      bundledConfig: bundled ? site : undefined,
      memorySize: properties.MemorySize,
      variables: properties.Environment?.Variables ?? {},
    };
  };
  return {
    ingest: describe(stack.ingest, 'ingest', true),
    publish: describe(stack.publish, 'publish', true),
    render: describe(stack.render, 'render', true),
    authorizer: describe(stack.authorizer.function, 'authorizer', false),
  };
}

/**
 * The function's variables with every deploy-time value (a `Ref`, a `Fn::Join`) replaced by the
 * local one of the same name. A deploy-time variable without a local value is an error, so a
 * variable the stack adds cannot silently go missing here.
 */
export function resolveVariables(
  fn: StackFunction,
  local: Readonly<Record<string, string>>,
): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(fn.variables)) {
    if (typeof value === 'string') resolved[name] = value;
    else if (local[name] !== undefined) resolved[name] = local[name];
    else throw new Error(`no local value for ${name} (${JSON.stringify(value)}) of ${fn.entry}`);
  }
  return resolved;
}

/** Builds the function's code into `dir` exactly as `cdk synth` does (DatelineFunction's bundling). */
export function buildBundle(fn: StackFunction, dir: string): void {
  new SplitBundle({ entry: fn.entry, define: bundleDefines(fn.bundledConfig) }).tryBundle(dir);
}

/** Where the local stand-ins for AWS answer, and the credentials every SDK client signs with. */
export interface LocalAws {
  readonly dynamodb: string;
  readonly s3: string;
  readonly secretsManager: string;
  readonly lambda: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * The variables Lambda gives a function: the stack's (deploy-time values replaced by `local`),
 * the runtime's own, and the endpoints of the local stand-ins for AWS.
 */
export function lambdaEnvironment(
  name: LambdaName,
  fn: StackFunction,
  bundleDir: string,
  local: Readonly<Record<string, string>>,
  aws: LocalAws,
): Record<string, string> {
  return {
    ...resolveVariables(fn, local),
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: `Dateline-dev-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_FORMAT: 'JSON',
    LAMBDA_TASK_ROOT: bundleDir,
    _HANDLER: 'index.handler',
    TZ: ':UTC',
    AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // Ingest and publish read DYNAMODB_ENDPOINT (local mode's variable); the authorizer does
    // not, so the SDK's own endpoint variable points it there.
    DYNAMODB_ENDPOINT: aws.dynamodb,
    ...(name === 'authorizer' ? { AWS_ENDPOINT_URL_DYNAMODB: aws.dynamodb } : {}),
    AWS_ENDPOINT_URL_S3: aws.s3,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.secretsManager,
    AWS_ENDPOINT_URL_LAMBDA: aws.lambda,
  };
}
