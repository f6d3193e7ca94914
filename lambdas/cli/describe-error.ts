import { ConfigError } from '../config-error.ts';
import { SnapshotFormatError, UsageError } from '../core/errors.ts';
import { ProfileFormatError } from '../core/profile/serialize-profile.ts';
import { StorePathError } from '../io/store-path-error.ts';
import { visibleText } from '../safe-text.ts';
import { SlackPostError } from '../slack/post-to-slack.ts';

/**
 * One line (or a few) a user can act on; never a stack trace for known problems. Messages quote
 * input (a JSON parse error shows the bad text, a path holds a file's name), so what reaches the
 * terminal has its controls and format characters made visible.
 */
export function describeError(error: unknown): string {
  return visibleText(describe(error));
}

function describe(error: unknown): string {
  if (
    error instanceof SnapshotFormatError ||
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof ProfileFormatError ||
    error instanceof SlackPostError ||
    error instanceof StorePathError
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
