import { describe, expect, it } from 'vitest';
import { emailText } from '../../lambdas/sinks/email-text.ts';
import {
  ACTING_CHARACTERS,
  alertFor,
  DECEPTIVE,
  deceptiveReport,
  driftReport,
  errorReport,
  HOSTILE,
  hostileReport,
  manyFeaturesReport,
  noDriftReport,
  numericFeature,
  report,
} from './report-fixtures.ts';

describe('emailText', () => {
  it('says the verdict, snapshot, baseline, top drifted features and links in a drift alert', async () => {
    await expect(emailText(alertFor(driftReport(), 'drift'))).toMatchFileSnapshot(
      '__snapshots__/email-drift.txt',
    );
  });

  it('says the check failed and why in an error alert', async () => {
    await expect(emailText(alertFor(errorReport(), 'error'))).toMatchFileSnapshot(
      '__snapshots__/email-error.txt',
    );
  });

  it('says the monitor recovered without listing features when nothing drifted', async () => {
    const text = emailText(alertFor(noDriftReport(), 'recovered'));
    expect(text).toMatch(/^RECOVERED: fraud-model\nVerdict: No drift\. 0 of 2 features drifted/);
    expect(text).not.toContain('drifted features:');
  });

  it('lists the five worst drifted features, worst first, and counts the rest', () => {
    const text = emailText(alertFor(manyFeaturesReport(200), 'drift'));
    const listed = [...text.matchAll(/^ {2}\d\. (feature_\d+)/gm)].map((m) => m[1]);
    expect(listed).toHaveLength(5);
    // Categorical p = 1e-6 against 0.05 scores log(1e-6)/log(0.05) = 4.6, above every numeric
    // distance ratio (at most (0.2 + 0.198) / 0.1 = 3.98); equal scores go by name.
    expect(listed).toEqual(['feature_003', 'feature_009', 'feature_015', 'feature_021', 'feature_027']);
    expect(text).toMatch(/\.\.\. and \d+ more in the report\./);
  });

  it('keeps every user string on one bounded line, whatever the names hold', () => {
    const long = `${'x'.repeat(5000)}\nSubject: injected`;
    const features = Array.from({ length: 300 }, (_, i) => numericFeature(`${long}${i}`, 0.5));
    const alert = alertFor(
      {
        ...report(features, {
          quality: Array.from({ length: 300 }, () => ({
            check: 'range' as const,
            feature: long,
            severity: 'warning' as const,
            message: long,
          })),
        }),
        error: long,
      },
      'drift',
      long,
    );
    const text = emailText(alert);
    expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
    expect(text).not.toMatch(/^Subject:/m);
    for (const line of text.split('\n')) expect(Array.from(line).length).toBeLessThan(700);
  });

  it('quotes hostile names as plain text without changing them', () => {
    const text = emailText(alertFor(hostileReport(), 'drift', HOSTILE[1]));
    expect(text).toContain(HOSTILE[0]);
    expect(text).toContain(HOSTILE[1]);
  });

  it('shows bidi overrides, escapes and format characters from data as visible markers', () => {
    const drift = emailText(alertFor(deceptiveReport(), 'drift', DECEPTIVE[0]));
    const failed = emailText(alertFor({ ...errorReport(), error: DECEPTIVE.join('\n') }, 'error'));
    for (const text of [drift, failed]) expect(text).not.toMatch(ACTING_CHARACTERS);
    expect(drift).toContain('invoice_<U+202E>gpj.exe');
    expect(failed).toContain('evil<U+001B>]0;pwned<U+0007><U+001B>[31mred');
  });
});
