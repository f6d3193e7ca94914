import { DriftwatchError } from '../core/errors.ts';

/**
 * A conditional write found the object changed (or created, or gone) since it was read: another
 * writer got there first. The writer reads the object again and redoes its change.
 */
export class WriteConflictError extends DriftwatchError {
  override readonly name = 'WriteConflictError';
}
