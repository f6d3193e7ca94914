import { DriftwatchError } from '../core/errors.ts';

/**
 * A key or a link in a local store folder (`driftwatch run --store`) that would read or write
 * outside that folder: a `..` segment, or a symbolic link resolving elsewhere. Bad input the user
 * can fix, so the CLI shows it like any other (exit 2), naming the key and where it leads.
 */
export class StorePathError extends DriftwatchError {
  override readonly name = 'StorePathError';
}
