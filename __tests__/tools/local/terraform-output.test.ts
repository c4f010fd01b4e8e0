import { extractErrors, parseApplySummary, parsePlan, resourceDone } from '../../../tools/local/terraform-output';

describe('terraform output parsing', () => {
  test('progress lines: creation, modification and destruction complete', () => {
    expect(resourceDone('aws_vpc.Network_Vpc_1A2B: Creation complete after 2s [id=vpc-123]')).toBe(
      'aws_vpc.Network_Vpc_1A2B',
    );
    expect(resourceDone('aws_lb.Alb: Modifications complete after 1s [id=arn]')).toBe('aws_lb.Alb');
    expect(resourceDone('aws_db_instance.Db: Destruction complete after 1m0s')).toBe('aws_db_instance.Db');
    expect(resourceDone('aws_vpc.Network_Vpc_1A2B: Still creating... [10s elapsed]')).toBeUndefined();
  });

  test('apply and destroy summaries', () => {
    expect(parseApplySummary('...\nApply complete! Resources: 96 added, 1 changed, 2 destroyed.\n')).toEqual({
      add: 96,
      change: 1,
      destroy: 2,
    });
    expect(parseApplySummary('Destroy complete! Resources: 94 destroyed.')).toEqual({ add: 0, change: 0, destroy: 94 });
    expect(parseApplySummary('Error: boom')).toBeUndefined();
  });

  test('plan: counts, resources and attribute lines', () => {
    const out = [
      '  # aws_vpc_security_group_ingress_rule.Rule will be updated in-place',
      '  ~ resource "aws_vpc_security_group_ingress_rule" "Rule" {',
      '      + description = "PostgreSQL from the app tier"',
      '        # (8 unchanged attributes hidden)',
      '    }',
      '  # aws_lb.Alb must be replaced',
      'Plan: 1 to add, 1 to change, 1 to destroy.',
    ].join('\n');
    const plan = parsePlan(out);
    expect(plan.counts).toEqual({ add: 1, change: 1, destroy: 1 });
    expect(plan.resources).toEqual([
      'aws_vpc_security_group_ingress_rule.Rule will be updated in-place',
      'aws_lb.Alb must be replaced',
    ]);
    expect(plan.attributes).toEqual(['+ description = "PostgreSQL from the app tier"']);
    expect(parsePlan('No changes. Your infrastructure matches the configuration.').counts).toEqual({
      add: 0,
      change: 0,
      destroy: 0,
    });
  });

  test('error blocks without the box margin, one per Error line', () => {
    const out = [
      'aws_vpc.A: Creating...',
      '╷',
      '│ Error: creating RDS DB Instance (read replica): DBSubnetGroupNotFoundFault',
      '│ ',
      '│   with aws_db_instance.Replica,',
      '╵',
      '╷',
      '│ Error: Invalid for_each argument',
      '│ ',
      '╵',
    ].join('\n');
    const errors = extractErrors(out);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBe(
      'Error: creating RDS DB Instance (read replica): DBSubnetGroupNotFoundFault\n\n  with aws_db_instance.Replica,',
    );
    expect(errors[1]).toBe('Error: Invalid for_each argument');
  });
});
