import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface FeedQueueProps {
  /** The render function: it renders the feed each message names. */
  readonly handler: IFunction;
  /** The render function's timeout; the queue hides a message for six times it. */
  readonly handlerTimeout: Duration;
  /**
   * Changes to one feed within one window are one message (`SqsFeedQueue`'s deduplication id);
   * the queue delays delivery by as much, so a render starts after its window closed.
   * @default Duration.seconds(1)
   */
  readonly window?: Duration;
  /** Render invocations at once, at most (one per feed group at a time anyway). @default 50 */
  readonly maxConcurrency?: number;
}

/**
 * Publishing by feed: an SQS FIFO queue with one message group per feed, feeding the render
 * function. FIFO lets one invocation at a time hold a group's messages, so a feed has one writer
 * by design (compare-and-swap stays as the safety net); deduplication by (feed, window) plus a
 * delivery delay of one window coalesces bursts without losing the change that arrives during a
 * render (see lambdas/adapters/queue/README.md). A message failing five times goes to a FIFO
 * dead-letter queue, which an alarm watches.
 */
export class FeedQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** What SqsFeedQueue's deduplication window must be (FEED_QUEUE_WINDOW_MS). */
  readonly windowMs: number;

  constructor(scope: Construct, id: string, props: FeedQueueProps) {
    super(scope, id);
    const window = props.window ?? Duration.seconds(1);
    this.windowMs = window.toMilliseconds();
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      fifo: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      fifo: true,
      contentBasedDeduplication: false,
      deliveryDelay: window,
      visibilityTimeout: Duration.seconds(props.handlerTimeout.toSeconds() * 6),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    props.handler.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency ?? 50,
      }),
    );
  }
}
