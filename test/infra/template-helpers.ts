import type { CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

export type Json = Record<string, unknown>;

/** The logical ID CloudFormation knows a construct's main resource by. */
export function logicalId(construct: IConstruct): string {
  const resource = construct.node.defaultChild as CfnElement;
  return (resource.stack as Stack).getLogicalId(resource);
}

/** The one resource of `type` with the given logical ID, as template JSON. */
export function resource(template: Template, type: string, id: string): Json {
  const found = template.findResources(type)[id];
  if (!found) throw new Error(`no ${type} ${id} in the template`);
  return found as Json;
}

export function propertiesOf(template: Template, type: string, id: string): Json {
  return resource(template, type, id).Properties as Json;
}

/**
 * Renders `Fn::Join` of literals and `Ref`s as a string with `${LogicalId}` placeholders, so a
 * custom resource's serialised API call can be parsed and compared.
 */
export function joinToString(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(joinToString).join(join[0]);
  const ref = (value as { Ref?: string }).Ref;
  if (ref) return `\${${ref}}`;
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

export interface PolicyStatementJson {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Json;
  readonly Effect: string;
}

/** Every statement of every identity policy in the template, with its policy's logical ID. */
export function identityStatements(
  template: Template,
): Array<{ policy: string; roles: unknown; statement: PolicyStatementJson }> {
  return Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([policy, r]) => {
    const props = r.Properties as { PolicyDocument: { Statement: PolicyStatementJson[] } } & Json;
    return props.PolicyDocument.Statement.map((statement) => ({
      policy,
      roles: props.Roles,
      statement,
    }));
  });
}

export function actionsOf(statement: PolicyStatementJson): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The statements granted to a function's role. */
export function statementsOfRole(template: Template, roleId: string): PolicyStatementJson[] {
  return identityStatements(template)
    .filter(({ roles }) => JSON.stringify(roles) === JSON.stringify([{ Ref: roleId }]))
    .map(({ statement }) => statement);
}

/** The only resource of `type`; fails the test if there are none or several. */
export function onlyResource(
  template: Template,
  type: string,
): { id: string; Properties: Json; DependsOn?: string[] } {
  const all = Object.entries(template.findResources(type));
  const [first] = all;
  if (all.length !== 1 || !first) throw new Error(`expected one ${type}, found ${all.length}`);
  return { id: first[0], ...(first[1] as { Properties: Json; DependsOn?: string[] }) };
}
