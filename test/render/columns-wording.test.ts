import { describe, expect, it } from 'vitest';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { chatbotNotification } from '../../lambdas/render/chatbot-notification.ts';
import { emailText } from '../../lambdas/render/email-text.ts';
import { renderHtmlReport } from '../../lambdas/render/html-report.ts';
import { datasetLine, notComparedColumns } from '../../lambdas/render/report-wording.ts';
import { slackBlocks } from '../../lambdas/render/slack-blocks.ts';
import { driftReport, featureResult } from '../support/report-builders.ts';
import { alertFor } from './report-fixtures.ts';

/** One tested feature that held, a decimal-comma column that could not be compared, two inferred skips, one excluded. */
function reportWithUncompared(): DriftReport {
  return driftReport(
    [
      featureResult({ name: 'amount', drifted: false, statistic: 0.01 }),
      featureResult({
        name: 'price',
        method: null,
        statistic: null,
        threshold: null,
        decision: null,
        drifted: false,
        error: 'could not be read: bad page',
      }),
    ],
    {
      skipped: [
        {
          name: 'order_id',
          kind: 'numeric',
          reason: 'looks like an id (...); set its kind to test it',
          cause: 'id_like',
        },
        {
          name: 'event_ts',
          kind: 'datetime',
          reason: 'datetime columns are profiled but not tested for drift unless asked',
          cause: 'kind',
        },
        { name: 'request_id', kind: 'categorical', reason: 'excluded by configuration', cause: 'excluded' },
        {
          name: 'label',
          kind: 'categorical',
          reason: 'the target column (columns.target): ...',
          cause: 'role',
          role: 'target',
        },
      ],
    },
  );
}

function reportWithPrediction(drifted: boolean): DriftReport {
  const score = featureResult({
    name: 'score',
    role: 'prediction',
    drifted,
    statistic: drifted ? 0.4 : 0.02,
  });
  return driftReport([featureResult({ name: 'amount', drifted: false, statistic: 0.01 }), score], {
    status: drifted ? 'drift' : 'ok',
    dataset: { drifted: false, driftedShare: 0, driftedCount: 0, featureCount: 1, driftShareThreshold: 0.5 },
    prediction: { features: ['score'], drifted: drifted ? ['score'] : [] },
  });
}

describe('columns not compared', () => {
  it('are the failed features, id-like columns and untested kinds, not what the monitor left out', () => {
    expect(notComparedColumns(reportWithUncompared())).toEqual([
      { name: 'price', why: 'could not be compared' },
      { name: 'order_id', why: 'id-like' },
      { name: 'event_ts', why: 'datetime' },
    ]);
  });

  it('are named by the verdict line, so "0 of 1" never hides them', () => {
    expect(datasetLine(reportWithUncompared())).toMatch(
      /^0 of 2 features drifted \(0%; dataset drift at ≥ 50%\); not compared: price \(could not be compared\), order_id \(id-like\), event_ts \(datetime\)$/,
    );
  });

  it('are read from an older report without causes by their reasons', () => {
    const old = driftReport([featureResult({ drifted: false })], {
      skipped: [
        {
          name: 'notes',
          kind: 'text',
          reason: 'text columns are profiled but not tested for drift unless asked',
        },
        { name: 'x', kind: 'numeric', reason: 'excluded by configuration' },
      ],
    });
    expect(notComparedColumns(old)).toEqual([{ name: 'notes', why: 'text' }]);
  });

  it('are in the HTML header even when no feature was tested', () => {
    const none = driftReport([], {
      skipped: [{ name: 'title', kind: 'text', reason: 'text columns …', cause: 'kind' }],
    });
    expect(renderHtmlReport(none)).toMatch(/<p class="not-compared">not compared: title \(text\)<\/p>/);
  });
});

describe('prediction drift', () => {
  it('has its own line in the email and in Slack when the predictions moved', () => {
    const alert = alertFor(reportWithPrediction(true), 'drift');
    expect(emailText(alert)).toMatch(
      /\nThe model's predictions moved: score \(Wasserstein \(normed\) 0\.4 >= 0\.1\)\.\n/,
    );
    expect(JSON.stringify(slackBlocks(alert).blocks)).toContain("The model's predictions moved: score");
    expect(JSON.stringify(chatbotNotification(alert))).toContain("The model's predictions moved: score");
  });

  it('has its own section in the HTML report, and says when the predictions held', () => {
    const moved = renderHtmlReport(reportWithPrediction(true));
    expect(moved).toMatch(
      /<section id="prediction"><h2>Prediction drift<\/h2><p>The model&#39;s predictions moved: score/,
    );
    expect(renderHtmlReport(reportWithPrediction(false))).toMatch(/The model&#39;s predictions held: score/);
    expect(renderHtmlReport(driftReport([featureResult()]))).not.toMatch(/id="prediction"/);
  });
});
