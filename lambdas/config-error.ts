/** A config file's problem, with the path of the bad field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
