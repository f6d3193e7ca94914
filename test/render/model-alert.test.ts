import { describe, expect, it } from 'vitest';
import { chatbotNotification } from '../../lambdas/render/chatbot-notification.ts';
import { MODEL_METRIC, metricDataOf } from '../../lambdas/render/cloudwatch-metrics.ts';
import { emailText } from '../../lambdas/render/email-text.ts';
import { slackBlocks } from '../../lambdas/render/slack-blocks.ts';
import { alertSubject } from '../../lambdas/render/sns-message.ts';
import { alertFor, modelDegradedReport } from './report-fixtures.ts';

// The model_degraded alert in every form it takes (README "Model monitoring"): the subject names
// the first degraded metric, the bodies lead with the model's verdict, and a hostile class name
// stays text.

const SENTENCE =
  'Model quality degraded: Accuracy fell from 1 to 0.778 (−0.222), past the allowed drop of 0.05.';

describe('the model_degraded alert', () => {
  const alert = alertFor(modelDegradedReport(), 'model_degraded');

  it('names the first degraded metric in the subject, ASCII only', () => {
    expect(alertSubject(alert)).toBe(
      '[driftwatch] fraud-model: Model degraded: Accuracy fell from 1 to 0.778 (+1 more)',
    );
  });

  it('leads the email with the model verdict, right under the headline', () => {
    const lines = emailText(alert).split('\n');
    expect(lines[0]).toBe('MODEL DEGRADED: fraud-model');
    expect(lines[1]).toContain(SENTENCE);
  });

  it('puts the model verdict first in the Slack summary and in the Chatbot description', () => {
    const slack = JSON.stringify(slackBlocks(alert).blocks);
    expect(slack).toContain('Model degraded: fraud-model');
    expect(slack).toContain(`*${SENTENCE}`);
    const chatbot = chatbotNotification(alert).content;
    expect(chatbot.title).toContain('Model degraded: fraud-model');
    expect(chatbot.description.startsWith(SENTENCE)).toBe(true);
  });

  it('adds the model verdict to a drift alert of the same report, after the drift line', () => {
    const lines = emailText(alertFor(modelDegradedReport(), 'drift')).split('\n');
    expect(lines[0]).toBe('DRIFT DETECTED: fraud-model');
    expect(lines.findIndex((line) => line.startsWith('Model quality degraded'))).toBeGreaterThan(1);
  });
});

describe('ModelMetric', () => {
  it('is the metric name the README and dashboards use', () => {
    expect(MODEL_METRIC).toBe('ModelMetric');
  });

  it('puts each measured metric with dimensions Monitor and Metric, and nothing for an undefined one', () => {
    const data = metricDataOf(modelDegradedReport(), {
      monitor: 'fraud',
      featureMetrics: [],
      timestamp: new Date('2026-11-28T10:05:00Z'),
    });
    const model = data.filter((datum) => datum.MetricName === MODEL_METRIC);
    expect(model.map((datum) => [datum.Dimensions, datum.Value])).toEqual([
      [
        [
          { Name: 'Monitor', Value: 'fraud' },
          { Name: 'Metric', Value: 'accuracy' },
        ],
        7 / 9,
      ],
      [
        [
          { Name: 'Monitor', Value: 'fraud' },
          { Name: 'Metric', Value: 'balanced_accuracy' },
        ],
        0.5,
      ],
    ]);
  });
});
