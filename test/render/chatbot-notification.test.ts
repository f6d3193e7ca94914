import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AlertContent } from '../../lambdas/render/alert-content.ts';
import { chatbotNotification } from '../../lambdas/render/chatbot-notification.ts';
import { snsPublishInput } from '../../lambdas/render/sns-message.ts';
import { driftReport, featureResult } from '../support/report-builders.ts';

/**
 * The custom-notification event schema, transcribed from the AWS Chatbot admin guide ("Custom
 * notifications using Amazon Q Developer in chat applications", Event schema and Parameter
 * details): version must be "1.0", source must be "custom", description is the text, textType
 * only "client-markdown"; strict, so an undocumented key fails the test.
 */
const chatbotCustomNotification = z
  .object({
    version: z.literal('1.0'),
    source: z.literal('custom'),
    id: z.string().optional(),
    content: z
      .object({
        textType: z.literal('client-markdown').optional(),
        title: z.string().optional(),
        description: z.string().min(1),
        nextSteps: z.array(z.string()).optional(),
        keywords: z.array(z.string()).optional(),
      })
      .strict(),
    metadata: z
      .object({
        threadId: z.string().optional(),
        summary: z.string().optional(),
        eventType: z.string().optional(),
        relatedResources: z.array(z.string()).optional(),
        additionalContext: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

function alertOf(overrides: Partial<AlertContent> = {}): AlertContent {
  const features = Array.from({ length: 40 }, (_, i) =>
    featureResult({
      name: i === 39 ? '<!channel> *bold*' : `f${i}`,
      drifted: true,
      statistic: 0.3 + i / 100,
    }),
  );
  return {
    monitor: 'fraud-model',
    reason: 'drift',
    status: 'drift',
    report: driftReport(features, {
      status: 'drift',
      context: { monitor: 'fraud-model', snapshotId: '2026-12-06T07' },
    }),
    links: {
      report: 'https://s3.console.aws.amazon.com/x',
      overview: 'https://s3.console.aws.amazon.com/o',
      dashboard: 'https://console.aws.amazon.com/d',
    },
    ...overrides,
  };
}

describe('chatbotNotification', () => {
  it.each([
    ['drift', alertOf()],
    [
      'error',
      alertOf({
        reason: 'error',
        status: 'error',
        report: { ...alertOf().report, status: 'error', error: 'x'.repeat(9000) },
      }),
    ],
    ['recovered', alertOf({ reason: 'recovered', status: 'ok', links: {} })],
  ])('follows the documented custom-notification schema (%s)', (_name, alert) => {
    const parsed = chatbotCustomNotification.safeParse(chatbotNotification(alert));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(chatbotNotification(alert).content.description.length).toBeLessThanOrEqual(3000);
  });

  it('escapes user strings so a feature name cannot mention the channel', () => {
    const description = chatbotNotification(alertOf()).content.description;
    expect(description).not.toContain('<!channel>');
    expect(description).toContain('&lt;!channel&gt;');
  });

  it('reaches Chatbot as the https member of the published message, threaded per monitor', () => {
    const input = snsPublishInput(alertOf(), 'arn:aws:sns:us-east-1:123456789012:alerts');
    expect(input.MessageStructure).toBe('json');
    const https = JSON.parse(JSON.parse(input.Message!).https);
    expect(chatbotCustomNotification.parse(https)).toEqual(https);
    expect(https.metadata.threadId).toBe('driftwatch-fraud-model');
    expect(https.content.nextSteps).toEqual([
      'Open the report: https://s3.console.aws.amazon.com/x',
      'Monitor history: https://s3.console.aws.amazon.com/o',
      'Dashboard: https://console.aws.amazon.com/d',
    ]);
  });
});
