import { TerraformStack, Testing } from 'cdktf';
import { regionalProvider } from '../../components/aws-provider';
import { SecurityGroups } from '../../components/security-groups';
import { buildStacks } from '../../main';
import { suppressionsOn } from '../../policies/suppressions';
import { configWith } from '../helpers/app';
import { synthPlatform } from '../helpers/platform';
import { pathOf, resourcesOf, type Json } from '../helpers/terraform';

/** Every SG rule of a stack as `group direction protocol/port peer`, peers named by group suffix. */
function ruleTable(stack: Json, namePrefix: string): string[] {
  const groupName = new Map<string, string>();
  for (const [id, sg] of resourcesOf(stack, 'aws_security_group')) {
    groupName.set(`\${aws_security_group.${id}.id}`, String(sg.name_prefix).slice(namePrefix.length + 1, -1));
  }
  const peerOf = (rule: Json) => {
    const peers = [rule.cidr_ipv4, rule.cidr_ipv6, rule.prefix_list_id, rule.referenced_security_group_id].filter(
      (p) => p !== undefined,
    );
    expect(peers).toHaveLength(1);
    return rule.referenced_security_group_id !== undefined
      ? `sg:${groupName.get(rule.referenced_security_group_id)}`
      : peers[0];
  };
  const describe =
    (direction: string) =>
    ([, rule]: [string, Json]) => {
      const ports =
        rule.ip_protocol === '-1'
          ? 'all'
          : `${rule.ip_protocol}/${rule.from_port === rule.to_port ? rule.from_port : `${rule.from_port}-${rule.to_port}`}`;
      return `${groupName.get(rule.security_group_id)} ${direction} ${ports} ${peerOf(rule)}`;
    };
  return [
    ...resourcesOf(stack, 'aws_vpc_security_group_ingress_rule').map(describe('in')),
    ...resourcesOf(stack, 'aws_vpc_security_group_egress_rule').map(describe('out')),
  ].sort();
}

describe.each([
  ['primary (Taiwan)', 'primary', 'genai-demo-production', '10.2.0.0/16'],
  ['DR (Tokyo)', 'dr', 'genai-demo-production-dr', '10.3.0.0/16'],
] as const)('SecurityGroups, %s', (_label, role, namePrefix, vpcCidr) => {
  const stack = synthPlatform(configWith(), role);

  test('four groups in the VPC, named from config, without inline rules, replaced create-before-destroy', () => {
    const groups = resourcesOf(stack, 'aws_security_group');
    expect(groups.map(([, g]) => g.tags.Name).sort()).toEqual(
      ['alb', 'app', 'database', 'eks-control-plane'].map((s) => `${namePrefix}-${s}`),
    );
    // A name prefix, not a fixed name: the replacement is created before the old group is deleted.
    for (const [, g] of groups) {
      expect(g.name).toBeUndefined();
      expect(g.name_prefix).toBe(`${g.tags.Name}-`);
    }
    const [vpcId] = resourcesOf(stack, 'aws_vpc')[0];
    for (const [, g] of groups) {
      expect(g.ingress).toBeUndefined();
      expect(g.egress).toBeUndefined();
      expect(g.vpc_id).toBe(`\${aws_vpc.${vpcId}.id}`);
      expect(g.lifecycle).toEqual({ create_before_destroy: true });
    }
  });

  test('exactly these rules and nothing else (ports, sources, destinations)', () => {
    expect(ruleTable(stack, namePrefix)).toEqual(
      [
        'alb in tcp/443 0.0.0.0/0',
        'alb in tcp/80 0.0.0.0/0',
        'alb out tcp/8080 sg:app',
        'app in tcp/8080 sg:alb',
        'app in all sg:app',
        'app in all sg:eks-control-plane',
        'app out all sg:app',
        'app out tcp/443 0.0.0.0/0',
        `app out udp/53 ${vpcCidr}`,
        `app out tcp/53 ${vpcCidr}`,
        'app out tcp/5432 sg:database',
        'eks-control-plane in tcp/443 sg:app',
        'eks-control-plane out all sg:app',
        'database in tcp/5432 sg:app',
      ].sort(),
    );
  });

  test('only the load balancer accepts anything from the internet, and only on 80 and 443', () => {
    const open = ruleTable(stack, namePrefix).filter((r) => r.includes(' in ') && r.endsWith('0.0.0.0/0'));
    expect(open).toEqual(['alb in tcp/443 0.0.0.0/0', 'alb in tcp/80 0.0.0.0/0']);
  });

  test('the database has no egress at all and accepts only PostgreSQL from the app tier', () => {
    const db = ruleTable(stack, namePrefix).filter((r) => r.startsWith('database '));
    expect(db).toEqual(['database in tcp/5432 sg:app']);
  });

  test('every rule is tagged with a name and its purpose', () => {
    const rules = [
      ...resourcesOf(stack, 'aws_vpc_security_group_ingress_rule'),
      ...resourcesOf(stack, 'aws_vpc_security_group_egress_rule'),
    ];
    expect(rules).toHaveLength(14);
    for (const [, rule] of rules) {
      expect(rule.tags.Name).toMatch(new RegExp(`^${namePrefix}-(alb|app|eks-control-plane|database)-[a-z0-9-]+$`));
      expect(rule.tags.Purpose.length).toBeGreaterThan(5);
    }
    expect(new Set(rules.map(([, r]) => r.tags.Name)).size).toBe(rules.length);
  });

  test('rule construct ids name the group and the rule (stable, no indexes)', () => {
    const paths = resourcesOf(stack, 'aws_vpc_security_group_ingress_rule').map(([, r]) => pathOf(r).split('/').pop());
    expect(paths.sort()).toEqual([
      'AlbSecurityGroupHttpFromInternet',
      'AlbSecurityGroupHttpsFromInternet',
      'AppSecurityGroupAllFromControlPlane',
      'AppSecurityGroupAllFromSelf',
      'AppSecurityGroupAppFromAlb',
      'ClusterSecurityGroupHttpsFromNodes',
      'DatabaseSecurityGroupPostgresFromApp',
    ]);
  });
});

describe('SecurityGroups props', () => {
  test('appPort and databasePort replace the defaults in every rule that uses them', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'Test');
    regionalProvider(stack, 'Aws', { region: 'ap-east-2', tags: {} });
    const sgs = new SecurityGroups(stack, 'Sgs', {
      namePrefix: 'test',
      vpcId: 'vpc-123',
      vpcCidr: '10.9.0.0/16',
      appPort: 9000,
      databasePort: 6432,
    });
    expect(sgs.appPort).toBe(9000);
    expect(sgs.databasePort).toBe(6432);
    const rules = ruleTable(JSON.parse(Testing.synth(stack)), 'test');
    expect(rules).toEqual(
      expect.arrayContaining([
        'alb out tcp/9000 sg:app',
        'app in tcp/9000 sg:alb',
        'app out tcp/6432 sg:database',
        'database in tcp/6432 sg:app',
      ]),
    );
    expect(rules.filter((r) => /\/(8080|5432) /.test(r))).toEqual([]);
  });
});

describe('SecurityGroups policy suppressions', () => {
  test('only the two all-protocol ingress rules (peers: self and control plane) are exempt from sg-no-all-ports, with reasons', () => {
    const app = Testing.app();
    buildStacks(app, configWith());
    const suppressed = app.node
      .findAll()
      .flatMap(suppressionsOn)
      .filter((s) => s.scopePath.includes('/Platform/'));
    expect(suppressed.map((s) => `${s.scopePath.replace(/^[^/]+\//, '')} ${s.ruleId}`).sort()).toEqual(
      [
        'Platform/SecurityGroups/AppSecurityGroupAllFromControlPlane sg-no-all-ports',
        'Platform/SecurityGroups/AppSecurityGroupAllFromSelf sg-no-all-ports',
      ].flatMap((line) => [line, line]),
    );
    for (const s of suppressed) expect(s.reason).toMatch(/peer is (this|the control-plane) group only/);
  });
});
