/**
 * A monitor's key prefix names everything the monitor owns (`state.json`, `reports/`, `cache/`)
 * and everything its role may read: it must be one plain folder of its own. Empty would be the
 * whole bucket; `..`, `.` or `//` are spellings S3 keeps literally (keys are not paths), so a
 * grant on `a/../b/` is not a grant on `b/`; a leading `/` is a key starting with a slash.
 */

/** The prefix with its trailing `/` added when missing (`monitors/fraud` means `monitors/fraud/`). */
export function normalisePrefix(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

export function prefixProblem(prefix: string): string | undefined {
  if (prefix === '' || prefix === '/') return 'must not be empty: the monitor would own the whole bucket';
  if (prefix.startsWith('/')) return 'must not start with "/"';
  if (prefix.includes('//')) return 'must not contain "//"';
  const segments = prefix.split('/').slice(0, -1);
  if (segments.some((segment) => segment === '..' || segment === '.'))
    return 'must not contain "." or ".." segments';
  if (/[*?]/.test(prefix) || [...prefix].some((char) => char.charCodeAt(0) < 0x20 || char === '\x7f'))
    return 'must not contain control characters, "*" or "?" (they would widen the IAM grants)';
  return undefined;
}

/**
 * Two monitors may not share a prefix or nest one inside the other: they would share `state.json`
 * or read each other's snapshots as their own. Checked over normalised prefixes; returns, for
 * each monitor index that clashes with an earlier one, the earlier index.
 */
export function overlappingPrefixes(prefixes: readonly string[]): Map<number, number> {
  const clashes = new Map<number, number>();
  for (let i = 0; i < prefixes.length; i++) {
    for (let j = 0; j < i; j++) {
      if (prefixes[i].startsWith(prefixes[j]) || prefixes[j].startsWith(prefixes[i])) {
        clashes.set(i, j);
        break;
      }
    }
  }
  return clashes;
}
