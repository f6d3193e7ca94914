/**
 * EventBridge's matching for the subset of event patterns driftwatch writes: objects nest,
 * leaves are lists of alternatives, each an exact string or `{"wildcard": ...}` where `*` matches
 * any run of characters, `/` included (EventBridge User Guide, "Comparison operators for use in
 * event patterns"). Enough to send a test only the events a rule would deliver.
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some((alternative) => matchesLeaf(alternative, event));
  if (pattern === null || typeof pattern !== 'object')
    throw new Error(`unsupported pattern ${JSON.stringify(pattern)}`);
  if (event === null || typeof event !== 'object') return false;
  return Object.entries(pattern).every(([key, sub]) =>
    matchesPattern(sub, (event as Record<string, unknown>)[key]),
  );
}

function matchesLeaf(alternative: unknown, value: unknown): boolean {
  if (typeof alternative === 'string') return value === alternative;
  const wildcard = (alternative as { wildcard?: unknown }).wildcard;
  if (typeof wildcard !== 'string') throw new Error(`unsupported matcher ${JSON.stringify(alternative)}`);
  if (typeof value !== 'string') return false;
  const regex = new RegExp(
    `^${wildcard
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return regex.test(value);
}
