import { dirname } from 'node:path';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { SplitBundle } from '../bundling/split-bundle.js';

/** Lambda refuses a configuration whose variables (names plus values) exceed 4 KB. */
export const LAMBDA_ENV_LIMIT_BYTES = 4096;
/** What an unresolved token (a table name, an ARN, a domain) is assumed to take once deployed. */
const TOKEN_ESTIMATE_BYTES = 128;

export interface DatelineFunctionProps {
  /** Absolute path of the handler's TypeScript entry file; it must export `handler`. */
  readonly entry: string;
  /** What the function is for, shown in the console. @default - none */
  readonly description?: string;
  /** @default 512 */
  readonly memorySize?: number;
  /** Keep it under the caller's own timeout (API Gateway gives up at 30 s). @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** The handler's variables; `NODE_OPTIONS` is set here. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The site configuration, compiled into the bundle as `__DATELINE_CONFIG__` (read by
   * `lambdas/config.ts`). Unlike a variable it has no 4 KB limit, so 200 regions fit, and a
   * change makes a new bundle and so a new function version. @default - none
   */
  readonly bundledConfig?: unknown;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** What happens to the log group when the function goes. @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The house Lambda: Node.js 22 on arm64, minified ESM built by the local esbuild (never Docker)
 * with the AWS SDK inside it (measured: half the init time of the runtime's SDK) and split into
 * chunks so that what a handler loads with `import()` costs nothing at cold start (see
 * SplitBundle), source-mapped stack traces, X-Ray active tracing, and a log group with a
 * retention instead of Lambda's default, which its role alone may write (no managed policy).
 */
export class DatelineFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: DatelineFunctionProps) {
    const environment = { ...props.environment, NODE_OPTIONS: '--enable-source-maps' };
    const define = bundleDefines(props.bundledConfig);
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    // Its own role, without AWSLambdaBasicExecutionRole (logs on every group): it may write
    // only to its own log group (granted below), plus what the stack grants it.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${id}: writes its own log group only, plus the stack's grants`,
    });
    super(scope, id, {
      role,
      code: Code.fromAsset(dirname(props.entry), {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          local: new SplitBundle({ entry: props.entry, define }),
          // Never pulled: local bundling always succeeds or fails synth with esbuild's message.
          image: DockerImage.fromRegistry('dateline-bundles-locally'),
        },
      }),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      environment,
      loggingFormat: LoggingFormat.JSON,
      // Active tracing: Lambda records each invocation (init, handler) in X-Ray without the X-Ray
      // SDK in the bundle, which would cost every cold start (see README, "Observability").
      tracing: Tracing.ACTIVE,
      logGroup,
    });
    logGroup.grantWrite(role);
    this.node.addValidation({ validate: () => checkEnvironmentSize(environment) });
  }
}

/**
 * The esbuild `define`s of a bundle: the site config as the string `lambdas/config.ts` reads
 * (`__DATELINE_CONFIG__`), or none. Exported so tests build bundles exactly as synth does.
 */
export function bundleDefines(bundledConfig: unknown): Record<string, string> {
  return bundledConfig === undefined
    ? {}
    : { __DATELINE_CONFIG__: JSON.stringify(JSON.stringify(bundledConfig)) };
}

/** Fails synth, not the deploy, when the variables cannot fit Lambda's 4 KB. */
export function checkEnvironmentSize(environment: Readonly<Record<string, string>>): string[] {
  const bytes = Object.entries(environment).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + estimatedBytes(value),
    0,
  );
  return bytes > LAMBDA_ENV_LIMIT_BYTES
    ? [
        `environment needs about ${bytes} bytes; Lambda allows ${LAMBDA_ENV_LIMIT_BYTES} ` +
          '(keep large values such as the site config in bundledConfig)',
      ]
    : [];
}

function estimatedBytes(value: string): number {
  return Token.isUnresolved(value) ? TOKEN_ESTIMATE_BYTES : Buffer.byteLength(value);
}
