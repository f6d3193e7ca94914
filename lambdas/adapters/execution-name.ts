import { createHash } from 'node:crypto';

/** Step Functions execution names: 1-80 characters of letters, digits, `-` and `_`. */
const MAX_NAME_LENGTH = 80;

/**
 * A deterministic execution name for one version of one snapshot, so a repeated check gets
 * ExecutionAlreadyExists instead of a second execution. Monitor and snapshot id are kept
 * readable (other characters become `-`, the end is cut when long); the hash over monitor,
 * snapshot id and `identity` (keys and ETags) keeps names distinct after that. `attempt` > 1
 * names a retry after an execution ended without reporting the snapshot.
 */
export function executionName(monitor: string, snapshotId: string, identity: string, attempt = 1): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([monitor, snapshotId, identity]))
    .digest('hex')
    .slice(0, 12);
  const suffix = `-${hash}${attempt > 1 ? `-r${attempt}` : ''}`;
  const readable = `${monitor}-${snapshotId}`.replace(/[^A-Za-z0-9_-]/g, '-');
  return `${readable.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
}

/** `arn:aws:states:r:a:stateMachine:sm` → `arn:aws:states:r:a:execution:sm:<name>`. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  const parts = stateMachineArn.split(':');
  if (parts.length !== 7 || parts[5] !== 'stateMachine') {
    throw new Error(`"${stateMachineArn}" is not a state machine ARN`);
  }
  parts[5] = 'execution';
  return `${parts.join(':')}:${name}`;
}
