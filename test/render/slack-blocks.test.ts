import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  mrkdwnLiteral,
  SLACK_MAX_BLOCKS,
  SLACK_SECTION_CHARS,
  slackBlocks,
} from '../../lambdas/render/slack-blocks.ts';
import {
  ACTING_CHARACTERS,
  alertFor,
  DECEPTIVE,
  deceptiveReport,
  driftReport,
  errorReport,
  HOSTILE,
  hostileReport,
  noDriftReport,
  numericFeature,
  report,
} from './report-fixtures.ts';

interface Text {
  type: string;
  text: string;
}
interface AnyBlock {
  type: string;
  text?: Text;
  elements?: (Text & { url?: string })[];
}

/** Every mrkdwn string in a message, with where it sits. */
function mrkdwnTexts(message: { text: string; blocks: unknown[] }): string[] {
  const texts = [message.text];
  for (const block of message.blocks as AnyBlock[]) {
    if (block.text?.type === 'mrkdwn') texts.push(block.text.text);
    for (const el of block.elements ?? []) if (el.type === 'mrkdwn') texts.push(el.text);
  }
  return texts;
}

describe('slackBlocks', () => {
  it('names the failed finding of a quality alert in the notification text', () => {
    const broken = report([numericFeature('amount', 0.01)], {
      status: 'invalid',
      quality: [
        {
          check: 'unreadable',
          feature: 'score',
          severity: 'error',
          message: '12 current value(s) of "score" could not be read',
        },
      ],
    });
    const message = slackBlocks(alertFor(broken, 'quality'));
    expect(message.text).toBe(
      'Data quality failed: 12 current value(s) of "score" could not be read: fraud-model: 0 of 1 feature drifted (0%; dataset drift at ≥ 50%); not compared: signup_time (datetime)',
    );
    const texts = mrkdwnTexts(message).join('\n');
    expect(texts).toContain('*Data quality failed*');
    expect(texts).toMatch(/_error_ `score`: 12 current value\(s\)/);
  });

  it('renders a drift alert as header, summary, top features, buttons and footer', async () => {
    const message = slackBlocks(alertFor(driftReport(), 'drift'));
    await expect(JSON.stringify(message, null, 2)).toMatchFileSnapshot('__snapshots__/slack-drift.json.txt');
  });

  it('renders a failed check with its error in a code block', async () => {
    const message = slackBlocks(alertFor(errorReport(), 'error'));
    await expect(JSON.stringify(message, null, 2)).toMatchFileSnapshot('__snapshots__/slack-error.json.txt');
  });

  it('sends a recovery without a feature list', () => {
    const message = slackBlocks(alertFor(noDriftReport(), 'recovered'));
    expect((message.blocks as AnyBlock[]).map((b) => b.type)).toEqual([
      'header',
      'section',
      'actions',
      'context',
    ]);
  });

  it('escapes control characters so names cannot mention @channel or forge links', () => {
    const message = slackBlocks(alertFor(hostileReport(), 'drift', HOSTILE[3]));
    for (const text of mrkdwnTexts(message)) {
      expect(text).not.toMatch(/[<>]/);
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    const all = mrkdwnTexts(message).join('\n');
    // Names sit inside inline code, where * _ ~ do not format; the backtick becomes a look-alike.
    expect(all).toContain(mrkdwnLiteral(HOSTILE[3]));
    expect(mrkdwnLiteral(HOSTILE[3])).toBe(
      '`*bold* _it_ ~st~ ˋcodeˋ &lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; more`',
    );
  });

  it('escapes exactly the three characters Slack parses', () => {
    expect(escapeMrkdwn('a & b < c > d "e" \'f\'')).toBe('a &amp; b &lt; c &gt; d "e" \'f\'');
  });

  it('stays within Slack limits for huge reports with huge names', () => {
    const long = `${'<&>*_'.repeat(2000)}`;
    const features = Array.from({ length: 1000 }, (_, i) => numericFeature(`${long}${i}`, 0.5));
    const quality = Array.from({ length: 500 }, () => ({
      check: 'range' as const,
      feature: long,
      severity: 'error' as const,
      message: long,
    }));
    const message = slackBlocks(alertFor({ ...report(features, { quality }), error: long }, 'drift', long));
    const blocks = message.blocks as AnyBlock[];
    expect(blocks.length).toBeLessThanOrEqual(SLACK_MAX_BLOCKS);
    for (const block of blocks) {
      if (block.type === 'header') expect(block.text!.text.length).toBeLessThanOrEqual(150);
      if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(SLACK_SECTION_CHARS);
      for (const el of block.elements ?? [])
        if (el.type === 'mrkdwn') expect(el.text.length).toBeLessThanOrEqual(2000);
    }
    expect(message.text.length).toBeLessThanOrEqual(3000);
    // Cutting to length never splits an entity.
    for (const text of mrkdwnTexts(message)) expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it("links the report, the monitor's overview page and the dashboard as buttons", () => {
    const alert = alertFor(driftReport(), 'drift');
    const actions = (slackBlocks(alert).blocks as AnyBlock[]).find((b) => b.type === 'actions') as
      | { elements: { text: { text: string }; url: string }[] }
      | undefined;
    expect(actions?.elements.map((b) => [b.text.text, b.url])).toEqual([
      ['Open report', alert.links.report],
      ['Report in S3', alert.links.reportConsole],
      ['Monitor history', alert.links.overview],
      ['Dashboard', alert.links.dashboard],
    ]);
  });

  it('leaves out buttons whose link Slack would reject', () => {
    const alert = { ...alertFor(noDriftReport(), 'recovered'), links: { report: 'javascript:alert(1)' } };
    expect((slackBlocks(alert).blocks as AnyBlock[]).some((b) => b.type === 'actions')).toBe(false);
  });

  it('shows bidi overrides, escapes and format characters from data as visible markers', () => {
    const messages = [
      slackBlocks(alertFor(deceptiveReport(), 'drift', DECEPTIVE[0])),
      slackBlocks(alertFor({ ...errorReport(), error: DECEPTIVE.join('\n') }, 'error', DECEPTIVE[1])),
    ];
    const strings: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
    };
    messages.forEach(collect);
    for (const text of strings) expect(text).not.toMatch(ACTING_CHARACTERS);
    expect(strings.join('\n')).toContain(
      'invoice_<U+202E>gpj.exe'.replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    );
  });
});
