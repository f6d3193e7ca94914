import { closestName } from './closest-name.ts';
import { DriftwatchError } from './errors.ts';

/**
 * A column named by a setting: where the name was given (a config path such as
 * `features.amout`, or a flag such as `--exclude`) and the name itself.
 */
export interface NamedColumn {
  readonly setting: string;
  readonly name: string;
}

/** Settings name columns the table does not have; the message names each with a suggestion. */
export class UnknownColumnError extends DriftwatchError {
  override readonly name = 'UnknownColumnError';
}

/** Columns listed in the message when no known name is close to a mistyped one. */
const LISTED_COLUMNS = 12;

/**
 * Every named column must be one of `columns` (the table's, both sides together): a typo in a
 * setting would otherwise do nothing at all, without a word.
 * @throws UnknownColumnError naming each unknown name, its setting, and the closest column
 */
export function requireKnownColumns(named: readonly NamedColumn[], columns: readonly string[]): void {
  const known = new Set(columns);
  const unknown = named.filter((entry) => !known.has(entry.name));
  if (unknown.length === 0) return;
  const lines = unknown.map((entry) => {
    const closest = closestName(entry.name, columns);
    const hint = closest === null ? '' : `; did you mean "${closest}"?`;
    return `${entry.setting}: "${entry.name}" is not a column of the table${hint}`;
  });
  const listed = columns.slice(0, LISTED_COLUMNS).map((column) => `"${column}"`);
  const more = columns.length > LISTED_COLUMNS ? ` and ${columns.length - LISTED_COLUMNS} more` : '';
  const list =
    columns.length === 0 ? 'the table has no columns' : `the columns are ${listed.join(', ')}${more}`;
  throw new UnknownColumnError(`${lines.join('\n')}\n(${list})`);
}

/** The columns of two profiles (baseline, then current's own), each once, in table order. */
export function columnsOfBoth(
  baseline: { readonly columns: readonly { readonly name: string }[] },
  current: { readonly columns: readonly { readonly name: string }[] },
): string[] {
  return [...new Set([...baseline.columns, ...current.columns].map((column) => column.name))];
}
