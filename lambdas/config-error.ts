import { DriftwatchError } from './core/errors.ts';
/** A config file's problem, with the path of the bad field. */
export class ConfigError extends DriftwatchError {
  override readonly name = 'ConfigError';
}
