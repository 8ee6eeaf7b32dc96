import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AccessLevel,
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BROWSER_ROUTING_REQUEST_CODE, BROWSER_ROUTING_RESPONSE_CODE } from './browser-routing.js';
import { createFeedResponseHeaders } from './feed-response-headers.js';

export interface FeedSiteProps {
  /** `DESTROY` also empties the bucket on stack deletion. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** @default PriceClass.PRICE_CLASS_100 (North America and Europe) */
  readonly priceClass?: PriceClass;
  /**
   * Serve the feeds on this domain, with this ACM certificate (it must be in us-east-1), and
   * accept TLS 1.2 or later only. Point the domain's DNS at the distribution yourself.
   * @default - the distribution's own *.cloudfront.net name
   */
  readonly domain?: { readonly name: string; readonly certificateArn: string };
  /**
   * CloudFront standard logging into this bucket under `prefix` (the audience counts).
   * @default - no access logs
   */
  readonly accessLogs?: { readonly bucket: IBucket; readonly prefix: string };
}

/**
 * Where readers get feeds: a private bucket that only this distribution may read (origin access
 * control), so feeds keep being served while the backend is down. The cache honours the
 * publisher's Cache-Control, five seconds at most on any object (feeds, pages and views alike, so
 * a kill reaches readers at every URL within seconds),
 * keys on nothing but the path and encoding, and CloudFront answers conditional GETs from the
 * object's ETag and Last-Modified.
 */
export class FeedSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>`, without a trailing slash. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: FeedSiteProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: false,
      removalPolicy,
      autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Dateline feeds',
      defaultRootObject: 'index.html',
      // A missing object (a story not yet out, a mistyped link) answers with the publisher's
      // 404.html, still as a 404, cached as briefly as the feeds so a new page shows at once.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 404,
        responsePagePath: '/404.html',
        ttl: Duration.seconds(5),
      })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? PriceClass.PRICE_CLASS_100,
      ...(props.accessLogs
        ? {
            enableLogging: true,
            logBucket: props.accessLogs.bucket,
            logFilePrefix: props.accessLogs.prefix,
          }
        : {}),
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(
              this,
              'Certificate',
              props.domain.certificateArn,
            ),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultBehavior: {
        // LIST turns a missing feed into 404 instead of S3's 403; no query string reaches S3.
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessLevels: [AccessLevel.READ, AccessLevel.LIST],
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        compress: true,
        cachePolicy: this.cachePolicy(),
        // CORS (browser-based feed readers fetch feeds cross-origin) and security headers.
        responseHeadersPolicy: createFeedResponseHeaders(this, 'ResponseHeaders'),
        functionAssociations: this.browserRouting(),
      },
    });
    // The risk it warns of (listing the bucket through `/`) is closed by defaultRootObject.
    Annotations.of(this.distribution).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk',
      'defaultRootObject is set and no query string reaches the origin',
    );
    this.baseUrl = `https://${props.domain?.name ?? this.distribution.distributionDomainName}`;
  }

  /**
   * What the publisher calls: GetObject (the stored file and its ETag, before a compare-and-swap),
   * PutObject, and ListBucket, without which S3 answers a missing feed with 403, not 404.
   */
  grantPublish(grantee: IGrantable): void {
    Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject', 's3:PutObject'],
      resourceArns: [this.bucket.arnForObjects('*')],
    });
    Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucket.bucketArn],
    });
  }

  /** Browser tabs opening a feed get its HTML view; see browser-routing.ts for why. */
  private browserRouting() {
    const fn = (id: string, comment: string, code: string) =>
      new CloudFrontFunction(this, id, {
        comment,
        runtime: FunctionRuntime.JS_2_0,
        code: FunctionCode.fromInline(code),
      });
    return [
      {
        function: fn(
          'BrowserRouting',
          'Browser tabs opening an RSS or Atom feed get its HTML view',
          BROWSER_ROUTING_REQUEST_CODE,
        ),
        eventType: FunctionEventType.VIEWER_REQUEST,
      },
      {
        function: fn(
          'BrowserVary',
          'Feed URLs vary by Accept and Sec-Fetch-Dest',
          BROWSER_ROUTING_RESPONSE_CODE,
        ),
        eventType: FunctionEventType.VIEWER_RESPONSE,
      },
    ];
  }

  private cachePolicy(): CachePolicy {
    return new CachePolicy(this, 'CachePolicy', {
      comment: 'Feeds and pages: at most 5 s at the edge; key on path and encoding only',
      minTtl: Duration.seconds(0),
      // Objects carry their own Cache-Control (every document 5 s); one without it gets 5 s,
      // and none is kept longer, whatever it says: a kill reaches every URL within 5 s.
      defaultTtl: Duration.seconds(5),
      maxTtl: Duration.seconds(5),
      cookieBehavior: CacheCookieBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
  }
}
