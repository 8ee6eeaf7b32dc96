import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

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
 * The house Lambda: Node.js 22 on arm64, one minified ESM bundle built by the local esbuild
 * (never Docker) with the AWS SDK inside it (measured: half the init time of the runtime's SDK),
 * source-mapped stack traces, X-Ray active tracing, and a log group with a retention instead of
 * Lambda's default.
 */
export class DatelineFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: DatelineFunctionProps) {
    const environment = { ...props.environment, NODE_OPTIONS: '--enable-source-maps' };
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
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
      logGroup: new LogGroup(scope, `${id}Logs`, {
        retention: props.logRetention ?? RetentionDays.ONE_MONTH,
        removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
      }),
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        target: 'node22',
        minify: true,
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        forceDockerBundling: false,
        banner:
          "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        externalModules: [],
        // sanitize-html require()s htmlparser2's CommonJS build; our own `import` would add its ESM
        // build and a second copy of the entity tables (~140 KB a bundle, parsed at every cold
        // start). One build serves both.
        esbuildArgs: { '--alias:htmlparser2': HTMLPARSER2_COMMONJS },
        ...(props.bundledConfig === undefined
          ? {}
          : {
              define: { __DATELINE_CONFIG__: JSON.stringify(JSON.stringify(props.bundledConfig)) },
            }),
      },
    });
    this.node.addValidation({ validate: () => checkEnvironmentSize(environment) });
  }
}

/** Relative to the project root, where CDK runs esbuild. */
const HTMLPARSER2_COMMONJS = './node_modules/htmlparser2/dist/commonjs/index.js';

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
