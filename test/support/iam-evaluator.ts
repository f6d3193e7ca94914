/**
 * Just enough of IAM policy evaluation to check that a role's template statements allow a
 * call: Allow statements, action and resource wildcards (`*`, `?`), and the condition
 * operators our templates use (StringEquals, StringLike). No explicit Deny is modelled
 * (our role policies have none).
 */
export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface ApiCall {
  readonly action: string;
  readonly resource: string;
  /** Condition keys the request carries, e.g. `s3:prefix`, `cloudwatch:namespace`. */
  readonly context?: Record<string, string>;
}

function glob(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

function conditionsHold(condition: PolicyStatement['Condition'], context: Record<string, string>): boolean {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(keys)) {
      const actual = context[key];
      if (actual === undefined) return false;
      const ok =
        operator === 'StringEquals'
          ? list(expected).includes(actual)
          : operator === 'StringLike'
            ? list(expected).some((p) => glob(p).test(actual))
            : false; // an operator we do not model never grants
      if (!ok) return false;
    }
  }
  return true;
}

/** The statement that allows the call, or undefined. */
export function allowingStatement(
  statements: readonly PolicyStatement[],
  call: ApiCall,
): PolicyStatement | undefined {
  return statements.find(
    (s) =>
      s.Effect === 'Allow' &&
      list(s.Action).some((a) => glob(a).test(call.action)) &&
      list(s.Resource).some((r) => glob(r).test(call.resource)) &&
      conditionsHold(s.Condition, call.context ?? {}),
  );
}
