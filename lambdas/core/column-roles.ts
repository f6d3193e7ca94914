import { UsageError } from './errors.ts';

/**
 * What a column is, when the monitor says so (README "Columns"): a row's `id`, its `timestamp`,
 * the model's `prediction` (one column or several: class scores) and the `target` (the label).
 * Role columns are profiled and shown but not tested for drift unless their `features` entry asks,
 * except `prediction`, which is tested and reported as prediction drift. Later work reads them
 * here: history and chunking by the timestamp, label joins by the id, model monitoring by
 * prediction and target.
 */
const COLUMN_ROLES = ['id', 'timestamp', 'prediction', 'target'] as const;

export type ColumnRole = (typeof COLUMN_ROLES)[number];

export interface ColumnRoles {
  /** The column that names a row. */
  readonly id?: string;
  /** The column that says when a row happened; read as date-times. */
  readonly timestamp?: string;
  /** The model's output column(s). @default [] */
  readonly prediction: readonly string[];
  /** The label the model predicts. */
  readonly target?: string;
}

export const NO_COLUMN_ROLES: ColumnRoles = { prediction: [] };

/** Each role's column with the setting that named it (`columns.prediction[1]`), in role order. */
export function roleAssignments(
  roles: ColumnRoles,
): { readonly role: ColumnRole; readonly column: string; readonly setting: string }[] {
  const assignments: { role: ColumnRole; column: string; setting: string }[] = [];
  for (const role of ['id', 'timestamp'] as const) {
    const column = roles[role];
    if (column !== undefined) assignments.push({ role, column, setting: `columns.${role}` });
  }
  for (const [i, column] of roles.prediction.entries()) {
    const setting = roles.prediction.length === 1 ? 'columns.prediction' : `columns.prediction[${i}]`;
    assignments.push({ role: 'prediction', column, setting });
  }
  if (roles.target !== undefined)
    assignments.push({ role: 'target', column: roles.target, setting: 'columns.target' });
  return assignments;
}

/** The role a column has, if any (the first, should a column be given two). */
export function roleOf(roles: ColumnRoles, column: string): ColumnRole | undefined {
  return roleAssignments(roles).find((assignment) => assignment.column === column)?.role;
}

/**
 * Every role names a column of the table: a role naming no column would silently do nothing
 * (a typo in `columns.timestamp` would leave the epoch column drifting every day).
 * @throws UsageError naming the setting and the column
 */
export function assertRoleColumnsExist(roles: ColumnRoles, columns: readonly string[], table: string): void {
  const known = new Set(columns);
  const missing = roleAssignments(roles).filter((assignment) => !known.has(assignment.column));
  if (missing.length === 0) return;
  const lines = missing.map(({ setting, column }) => `${setting}: no column "${column}" in ${table}`);
  throw new UsageError(lines.join('\n'));
}
