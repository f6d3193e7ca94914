import { readFileSync } from 'node:fs';
import { type DriftwatchSettings, parseConfigText } from '../lambdas/config.ts';

/**
 * Reads and validates the config file; errors name the file and the bad field's path. Returns the
 * settings as written (the Driftwatch construct applies the defaults and deploys them as given).
 */
export function loadConfig(path: string): DriftwatchSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(
      `${path}: cannot read the config. Copy examples/driftwatch.config.json to ${path} and edit it, ` +
        'or name another file with `-c config=<path>`.',
    );
  }
  parseConfigText(text, path);
  return JSON.parse(text) as DriftwatchSettings;
}
