import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** How long a fetched webhook URL is trusted before it is read again (rotation takes effect). */
const CACHE_MS = 5 * 60_000;

/**
 * The webhook URL, read from Secrets Manager and cached per container so that a burst of
 * alerts costs one secret read. The secret is the URL itself, or JSON with a `webhookUrl` key.
 */
export function makeWebhookUrlReader(client: SecretsManagerClient, secretId: string, now = () => Date.now()) {
  let cached: { url: string; at: number } | null = null;
  return async (): Promise<string> => {
    if (cached !== null && now() - cached.at < CACHE_MS) return cached.url;
    const secret = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const url = webhookUrlOf(secret.SecretString ?? '', secretId);
    cached = { url, at: now() };
    return url;
  };
}

export function webhookUrlOf(secret: string, secretId: string): string {
  const text = secret.trim();
  let url = text;
  if (text.startsWith('{')) {
    let parsed: { webhookUrl?: unknown };
    try {
      parsed = JSON.parse(text) as { webhookUrl?: unknown };
    } catch {
      // JSON.parse's message quotes the text, which holds the secret.
      throw new Error(`secret ${secretId}: JSON that does not parse`);
    }
    if (typeof parsed.webhookUrl !== 'string') {
      throw new Error(`secret ${secretId}: JSON without a "webhookUrl" string`);
    }
    url = parsed.webhookUrl;
  }
  if (!/^https?:\/\//.test(url)) throw new Error(`secret ${secretId}: not a webhook URL`);
  return url;
}
