import { visibleLine, visibleText } from '../safe-text.ts';
import { truncate } from '../sinks/report-wording.ts';
import { escapeWithin, SLACK_SECTION_CHARS } from '../sinks/slack-blocks.ts';

/** Enough of an unknown message to tell what it is; the rest stays in the topic's other subscribers. */
const SHOWN_CHARS = SLACK_SECTION_CHARS - 200;

/**
 * A message the notifier does not recognise, posted as escaped text (no mentions, links or
 * formatting injected) and cut to one section, so that nothing published to the topic is lost
 * on the way to Slack.
 */
export function plainTextMessage(
  message: string,
  subject: string | undefined,
): { text: string; blocks: unknown[] } {
  // Controls and bidi overrides from whoever published are shown as markers, as in every renderer.
  const printable = visibleText(message);
  const heading = subject
    ? escapeWithin(visibleLine(subject), 150)
    : 'Message on the driftwatch alerts topic';
  const body =
    printable.trim() === ''
      ? '_(empty message)_'
      : `\`\`\`${escapeWithin(printable.replace(/`/g, 'ˋ'), SHOWN_CHARS)}\`\`\``;
  return {
    text: truncate(heading, 300),
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${heading}*\n${body}`.slice(0, SLACK_SECTION_CHARS) },
      },
    ],
  };
}
