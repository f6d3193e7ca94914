import { ConfigError } from '../config-error.ts';
import { SnapshotFormatError, UsageError } from '../core/errors.ts';
import { ProfileFormatError } from '../core/profile/serialize-profile.ts';
import { SlackPostError } from '../slack/post-to-slack.ts';

/** One line (or a few) a user can act on; never a stack trace for known problems. */
export function describeError(error: unknown): string {
  if (
    error instanceof SnapshotFormatError ||
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof ProfileFormatError ||
    error instanceof SlackPostError
  ) {
    return error.message;
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    const path = (error as NodeJS.ErrnoException).path ?? '';
    return `${path}: ${code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : 'is a folder'}`;
  }
  return `unexpected error: ${error instanceof Error ? error.message : String(error)} (set DRIFTWATCH_DEBUG=1 for details)`;
}
