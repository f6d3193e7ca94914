/**
 * Where Slack incoming webhooks live: `https://hooks.slack.com/services/T…/B…/…`
 * (api.slack.com/messaging/webhooks). Anything else must be listed in `slackWebhookOrigins`.
 */
const SLACK_WEBHOOK_ORIGIN = 'https://hooks.slack.com';

/** Hosts where plain `http:` is tolerated in the allow-list: only this machine (local tests, a proxy on it). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** The webhook URL is refused before anything is sent. Never carries the URL's path (the token). */
export class SlackWebhookError extends Error {
  override readonly name = 'SlackWebhookError';
}

/** A webhook URL checked against the allow-list; only `postToSlack` reads `url`. */
export interface SlackWebhook {
  readonly url: URL;
  /** Slack itself: its short error replies (`no_service`, `invalid_payload`) may be shown. */
  readonly isSlack: boolean;
}

/**
 * Why an allow-list entry is not an origin we accept, or null when it is: `https://host[:port]`
 * with nothing after the host, or `http://` for a loopback host only.
 */
export function originProblem(entry: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(entry);
  } catch {
    return 'not a URL';
  }
  if (parsed.username !== '' || parsed.password !== '') return 'must not hold a user name or password';
  if (parsed.pathname !== '/' || parsed.search !== '' || parsed.hash !== '' || entry.endsWith('/')) {
    return 'must be an origin (scheme://host[:port]) with no path';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return null;
  return 'must use https (plain http only for 127.0.0.1, [::1] or localhost)';
}

/**
 * Checks a webhook URL before anything is sent: it must parse, hold no credentials, and its
 * origin must be Slack's or one of `allowedOrigins`. The error says which rule failed and, for
 * a wrong origin, the host; never the path, where the webhook's secret token is.
 */
export function slackWebhook(text: string, allowedOrigins: readonly string[] = []): SlackWebhook {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new SlackWebhookError(
      'the Slack webhook is not a valid URL (expected https://hooks.slack.com/services/...)',
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new SlackWebhookError('the Slack webhook URL must not hold a user name or password');
  }
  const allowed = new Set([SLACK_WEBHOOK_ORIGIN]);
  for (const origin of allowedOrigins) {
    const problem = originProblem(origin);
    if (problem !== null) throw new SlackWebhookError(`slackWebhookOrigins entry "${origin}": ${problem}`);
    allowed.add(new URL(origin).origin);
  }
  if (!allowed.has(url.origin)) {
    throw new SlackWebhookError(
      `the Slack webhook's origin ${url.protocol}//${url.host} is not ${SLACK_WEBHOOK_ORIGIN} or in slackWebhookOrigins; nothing was sent`,
    );
  }
  return { url, isSlack: url.origin === SLACK_WEBHOOK_ORIGIN };
}
