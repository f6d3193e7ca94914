import { readFileSync } from 'node:fs';
import { type DriftwatchConfig, parseConfigText } from '../lambdas/config.ts';

/** The deployable config: validated, and the text the Lambda re-validates at start. */
export interface LoadedConfig {
  readonly config: DriftwatchConfig;
  readonly configJson: string;
}

/** Reads and validates the config file; errors name the file and the bad field's path. */
export function loadConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(
      `${path}: cannot read the config. Copy examples/driftwatch.config.json to ${path} and edit it, ` +
        'or name another file with `-c config=<path>`.',
    );
  }
  const config = parseConfigText(text, path);
  // Minified: it is bundled into each Lambda's asset.
  return { config, configJson: JSON.stringify(JSON.parse(text)) };
}
