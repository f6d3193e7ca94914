import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { MonitorLocation } from './check-function.ts';

/**
 * At most this many prefix scopes per role. Each scope costs a role several statements of
 * ~100-character ARNs; IAM caps a role's inline policies at 10,240 characters in all and each
 * managed policy at 6,144, with 10 managed policies per role by default
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). Twenty scopes
 * stay well inside the inline limit.
 */
export const MAX_GRANT_SCOPES = 20;

/**
 * The prefixes the Lambdas' S3 grants name. One role serves every monitor (README "IAM"), so the
 * grants exist to keep the role inside the monitors' folders, not to separate monitors from one
 * another. Up to MAX_GRANT_SCOPES monitors, each monitor's exact prefix; beyond that, monitors
 * are grouped under their parent folders as an IAM wildcard (`monitors/fraud/` and
 * `monitors/churn/` become `monitors/*\/`, which in IAM matches any key path below `monitors/`),
 * going up one folder at a time until the scopes fit.
 */
export function grantScopes(monitors: readonly MonitorLocation[]): MonitorLocation[] {
  if (monitors.length <= MAX_GRANT_SCOPES) return [...monitors];
  const deepest = Math.max(...monitors.map((monitor) => folders(monitor.prefix).length));
  for (let depth = deepest - 1; depth >= 0; depth--) {
    const scopes = collapse(monitors, depth);
    if (scopes.length <= MAX_GRANT_SCOPES || depth === 0) return scopes;
  }
  return collapse(monitors, 0);
}

function folders(prefix: string): string[] {
  return prefix.split('/').slice(0, -1);
}

/** Each prefix cut to its first `depth` folders plus `*\/`; one scope per bucket and pattern. */
function collapse(monitors: readonly MonitorLocation[], depth: number): MonitorLocation[] {
  const scopes = new Map<string, MonitorLocation>();
  const bucketIds = new Map<IBucket, number>();
  for (const monitor of monitors) {
    const parts = folders(monitor.prefix);
    const prefix = parts.length <= depth ? monitor.prefix : `${[...parts.slice(0, depth), '*'].join('/')}/`;
    if (!bucketIds.has(monitor.source)) bucketIds.set(monitor.source, bucketIds.size);
    const key = `${bucketIds.get(monitor.source)}:${prefix}`;
    if (!scopes.has(key)) scopes.set(key, { name: monitor.name, prefix, source: monitor.source });
  }
  return [...scopes.values()];
}
