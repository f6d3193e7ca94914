import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

/**
 * A queue that keeps work that failed for good (encrypted, TLS only, 14 days, the SQS
 * maximum), so nothing is lost while someone looks. cdk-nag cannot see that a queue serves as
 * a dead-letter queue of a Lambda destination, schedule or subscription, so say it here.
 */
export function deadLetterQueue(scope: Construct, id: string, holds: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(queue, 'AwsSolutions-SQS3', `This queue is itself a dead-letter queue: it holds ${holds}.`);
  return queue;
}
