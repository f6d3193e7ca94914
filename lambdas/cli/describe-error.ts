import { DriftwatchError } from '../core/errors.ts';
import { CLI_ENV } from '../environment-variables.ts';
import { visibleText } from '../safe-text.ts';

/**
 * One line (or a few) a user can act on; never a stack trace for known problems. Messages quote
 * input (a JSON parse error shows the bad text, a path holds a file's name), so what reaches the
 * terminal has its controls and format characters made visible.
 */
export function describeError(error: unknown): string {
  return visibleText(describe(error));
}

function describe(error: unknown): string {
  if (error instanceof DriftwatchError) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    const path = (error as NodeJS.ErrnoException).path ?? '';
    return `${path}: ${code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : 'is a folder'}`;
  }
  return `unexpected error: ${error instanceof Error ? error.message : String(error)} (set ${CLI_ENV.debug}=1 for details)`;
}
