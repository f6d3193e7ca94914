import { ConfigError } from '../../lambdas/config-error.ts';

/**
 * A Lambda entry that always fails with one of our error classes, from a named method: the
 * bundling test checks that the class name and the TypeScript location survive minification.
 */
class ConfigLoader {
  load(): never {
    throw new ConfigError('DRIFTWATCH_CONFIG: expected an object');
  }
}

export async function handler(): Promise<never> {
  return new ConfigLoader().load();
}
