import { describe, expect, it } from 'vitest';
import type { AlertContent } from '../../lambdas/render/alert-content.ts';
import { emailText } from '../../lambdas/render/email-text.ts';
import {
  ALERT_MESSAGE_FORMAT,
  alertSubject,
  SNS_MAX_BYTES,
  snsPublishInput,
} from '../../lambdas/render/sns-message.ts';
import { driftReport, featureResult } from '../support/report-builders.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:driftwatch-alerts';

function alertOf(overrides: Partial<AlertContent> = {}): AlertContent {
  const report = driftReport([
    featureResult(),
    featureResult({ name: 'age', drifted: false, statistic: 0.01 }),
  ]);
  return { monitor: 'fraud', reason: 'drift', status: 'drift', report, links: {}, ...overrides };
}

describe('snsPublishInput', () => {
  it('uses MessageStructure json with a default JSON payload and the email text', () => {
    const alert = alertOf();
    const input = snsPublishInput(alert, TOPIC);
    expect(input.TopicArn).toBe(TOPIC);
    expect(input.MessageStructure).toBe('json');
    const message = JSON.parse(input.Message!);
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'https']);
    expect(message.email).toBe(emailText(alert));
    const payload = JSON.parse(message.default);
    expect(payload).toMatchObject({
      format: ALERT_MESSAGE_FORMAT,
      monitor: 'fraud',
      reason: 'drift',
      truncated: false,
    });
    expect(payload.report).toEqual(JSON.parse(JSON.stringify(alert.report)));
  });

  it('sets the monitor, status and reason message attributes for filter policies', () => {
    const input = snsPublishInput(alertOf({ status: 'error', reason: 'error' }), TOPIC);
    expect(input.MessageAttributes).toEqual({
      monitor: { DataType: 'String', StringValue: 'fraud' },
      status: { DataType: 'String', StringValue: 'error' },
      reason: { DataType: 'String', StringValue: 'error' },
    });
  });

  it('names the reason of a model alert, whose status can be any', () => {
    const input = snsPublishInput(alertOf({ status: 'ok', reason: 'model_degraded' }), TOPIC);
    expect(input.MessageAttributes?.reason).toEqual({ DataType: 'String', StringValue: 'model_degraded' });
  });

  it('keeps a report with thousands of long feature names under 256 KiB, most drifted first', () => {
    const features = Array.from({ length: 4000 }, (_, i) =>
      featureResult({ name: `feature_${i}_${'x'.repeat(200)}`, drifted: i % 3 === 0, statistic: i / 4000 }),
    );
    const input = snsPublishInput(alertOf({ report: driftReport(features) }), TOPIC);
    const total =
      Buffer.byteLength(input.Message!) +
      Buffer.byteLength(input.Subject!) +
      Object.entries(input.MessageAttributes!).reduce(
        (sum, [name, value]) => sum + name.length + value.DataType!.length + value.StringValue!.length,
        0,
      );
    expect(total).toBeLessThanOrEqual(SNS_MAX_BYTES);
    const payload = JSON.parse(JSON.parse(input.Message!).default);
    expect(payload.truncated).toBe(true);
    expect(payload.report.features.length).toBeGreaterThan(0);
    expect(payload.report.features.every((f: { drifted: boolean }) => f.drifted)).toBe(true);
    expect(payload.report.dataset.featureCount).toBe(4000);
  });

  it('cuts the email text when even the smallest JSON payload leaves no room', () => {
    const huge = 'e'.repeat(400_000);
    const report = driftReport([featureResult()], { status: 'error', error: huge });
    const input = snsPublishInput(alertOf({ report, status: 'error', reason: 'error' }), TOPIC);
    expect(Buffer.byteLength(input.Message!)).toBeLessThan(SNS_MAX_BYTES);
    expect(() => JSON.parse(JSON.parse(input.Message!).default)).not.toThrow();
  });
});

describe('alertSubject', () => {
  it('is printable ASCII under 100 characters whatever the monitor is called', () => {
    const subject = alertSubject(alertOf({ monitor: `café\tmodèle-模型-${'m'.repeat(200)}` }));
    expect(subject.length).toBeLessThan(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.startsWith('[driftwatch] caf? mod?le-??-mmm')).toBe(true);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('names the failed finding of a quality alert, and how many more there are', () => {
    const broken = driftReport([featureResult()], {
      status: 'invalid',
      quality: [
        { check: 'extra_column', feature: 'x', severity: 'warning', message: 'column "x" is extra' },
        { check: 'row_count', feature: null, severity: 'error', message: 'current has no rows' },
        { check: 'missing_column', feature: 'age', severity: 'error', message: 'column "age" is missing' },
      ],
    });
    const alert = alertOf({ reason: 'quality', status: 'invalid', report: broken });
    expect(alertSubject(alert)).toBe(
      '[driftwatch] fraud: Data quality failed: current has no rows (+1 more)',
    );
    const email = emailText(alert);
    expect(email).toMatch(/^DATA QUALITY FAILED: fraud\nVerdict: Data quality failed\./);
    // The failed findings come first, before the features they left uncompared.
    expect(email.indexOf('[error] current has no rows')).toBeLessThan(email.indexOf('[warning]'));
    expect(email.indexOf('Data quality (3)')).toBeLessThan(email.indexOf('Drifted feature'));
  });

  it('names the monitor and what happened', () => {
    expect(alertSubject(alertOf({ reason: 'recovered', status: 'ok' }))).toMatch(
      /^\[driftwatch\] fraud: .*[Rr]ecovered/,
    );
  });
});
