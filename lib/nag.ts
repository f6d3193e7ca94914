import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3 acknowledgements, each with its reason. Findings on IAM wildcards name the
 * resource as cdk-nag renders it (`<LogicalId.Arn>/prefix/*`), so these helpers render ARNs
 * the same way and acknowledge exactly those findings, not the whole rule.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** Acknowledges `AwsSolutions-IAM5[Resource::<arn>]` for resources built from an ARN token. */
export function acknowledgeWildcardResource(scope: IConstruct, arn: string, reason: string): void {
  acknowledge(scope, `AwsSolutions-IAM5[Resource::${nagRendering(Stack.of(scope).resolve(arn))}]`, reason);
}

/** How cdk-nag prints a resolved CloudFormation value in a finding. */
export function nagRendering(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(nagRendering).join('');
  if (value !== null && typeof value === 'object') {
    const intrinsic = value as Record<string, unknown>;
    if ('Ref' in intrinsic) return `<${String(intrinsic.Ref)}>`;
    if ('Fn::GetAtt' in intrinsic) return `<${(intrinsic['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Join' in intrinsic) {
      const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
      return parts.map(nagRendering).join(separator);
    }
  }
  return JSON.stringify(value);
}
