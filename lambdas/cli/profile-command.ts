import { writeFile } from 'node:fs/promises';
import { profileToBytes } from '../core/profile/serialize-profile.ts';
import { checkSetupOf, defaultDriftSettings } from '../drift-settings.ts';
import type { TableFormatName } from '../io/format.ts';
import { loadProfile } from './load-profile.ts';

export interface ProfileOptions {
  readonly input: string;
  readonly output: string;
  readonly exact: boolean;
  /** Read the files as this format whatever their names (`--input-format`). */
  readonly inputFormat?: TableFormatName;
  /** The decimal separator of CSV numbers (`--decimal`). */
  readonly decimal?: '.' | ',';
}

/**
 * Saves a table's profile (a version-2 container, whatever the file is called), so later checks
 * can use it as the baseline without the data.
 */
export async function runProfile(options: ProfileOptions, stdout: (text: string) => void): Promise<number> {
  // Profiled as a check with no config would profile its baseline, so the two compare alike.
  const setup = checkSetupOf(defaultDriftSettings(), {
    exact: options.exact,
    ...(options.decimal !== undefined ? { decimal: options.decimal } : {}),
  });
  const profile = await loadProfile(options.input, {
    ...setup,
    ...(options.inputFormat !== undefined ? { format: options.inputFormat } : {}),
  });
  await writeFile(options.output, profileToBytes(profile));
  stdout(
    `profiled ${profile.rowCount} rows × ${profile.columns.length} columns from ${profile.sources.length} file(s) into ${options.output}\n`,
  );
  return 0;
}
