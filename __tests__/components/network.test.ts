/** Network as each region's platform builds it from the production config, on a bare stack. */
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { configWith } from '../helpers/app';
import { deploymentOf, synthPlatform } from '../helpers/platform';
import { byPath, cidrRange, dataByPath, ref, resourcesOf, target, type Json } from '../helpers/terraform';

const AZS = ['Az1', 'Az2', 'Az3'] as const;
const TIERS = ['Public', 'Private', 'Isolated'] as const;

const config = configWith();

describe.each([
  ['primary (Taiwan)', 'primary'],
  ['DR (Tokyo)', 'dr'],
] as const)('Network, %s', (_label, role) => {
  const stack = synthPlatform(config, role);
  const d = deploymentOf(config, role);

  test('one VPC with the configured CIDR, DNS support and hostnames', () => {
    const vpcs = resourcesOf(stack, 'aws_vpc');
    expect(vpcs).toHaveLength(1);
    expect(JSON.stringify(stack)).toHaveResourceWithProperties(Vpc, {
      cidr_block: d.vpcCidr,
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  test('three subnets per tier with the CIDRs derived in config, inside the VPC and non-overlapping', () => {
    expect(resourcesOf(stack, 'aws_subnet')).toHaveLength(3 * d.availabilityZoneCount);
    const cidrs: string[] = [];
    for (const tier of TIERS) {
      const expected = d.subnetCidrs[tier.toLowerCase() as 'public' | 'private' | 'isolated'];
      AZS.forEach((az, i) => {
        const [, subnet] = byPath(stack, 'aws_subnet', `/Network/${tier}Subnet${az}`);
        expect(subnet.cidr_block).toBe(expected[i]);
        cidrs.push(subnet.cidr_block);
      });
    }
    const [vpcFirst, vpcLast] = cidrRange(d.vpcCidr);
    const ranges = cidrs.map(cidrRange).sort((a, b) => a[0] - b[0]);
    for (const [first, last] of ranges) {
      expect(first).toBeGreaterThanOrEqual(vpcFirst);
      expect(last).toBeLessThanOrEqual(vpcLast);
    }
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThan(ranges[i - 1][1]);
  });

  test('AZ names come from the region at plan time, never hard-coded', () => {
    const [zonesId, zones] = dataByPath(stack, 'aws_availability_zones', '/Network/AvailabilityZones');
    expect(zones.state).toBe('available');
    for (const tier of TIERS) {
      AZS.forEach((az, i) => {
        const [, subnet] = byPath(stack, 'aws_subnet', `/Network/${tier}Subnet${az}`);
        expect(subnet.availability_zone).toBe(`\${element(data.aws_availability_zones.${zonesId}.names, ${i})}`);
      });
    }
    expect(JSON.stringify(stack)).not.toMatch(/"[a-z]{2}-[a-z]+-\d[a-z]"/);
  });

  test('public subnets do not hand out public IPs; the tiers carry the load balancer controller tags', () => {
    for (const az of AZS) {
      const [, pub] = byPath(stack, 'aws_subnet', `/Network/PublicSubnet${az}`);
      const [, priv] = byPath(stack, 'aws_subnet', `/Network/PrivateSubnet${az}`);
      const [, iso] = byPath(stack, 'aws_subnet', `/Network/IsolatedSubnet${az}`);
      expect(pub.map_public_ip_on_launch).toBe(false);
      expect(pub.tags['kubernetes.io/role/elb']).toBe('1');
      expect(priv.tags['kubernetes.io/role/internal-elb']).toBe('1');
      expect(Object.keys(iso.tags).filter((k) => k.startsWith('kubernetes.io/'))).toEqual([]);
    }
  });

  test('an internet gateway; the public route table routes 0.0.0.0/0 to it and serves the three public subnets', () => {
    const igws = resourcesOf(stack, 'aws_internet_gateway');
    expect(igws).toHaveLength(1);
    const [rtId] = byPath(stack, 'aws_route_table', '/Network/PublicRouteTable');
    const [, route] = byPath(stack, 'aws_route', '/Network/PublicDefaultRoute');
    expect(route).toMatchObject({
      route_table_id: ref('aws_route_table', rtId, 'id'),
      destination_cidr_block: '0.0.0.0/0',
      gateway_id: ref('aws_internet_gateway', igws[0][0], 'id'),
    });
    for (const az of AZS) {
      const [subnetId] = byPath(stack, 'aws_subnet', `/Network/PublicSubnet${az}`);
      const [, assoc] = byPath(stack, 'aws_route_table_association', `/Network/PublicRouteAssociation${az}`);
      expect(assoc).toEqual(
        expect.objectContaining({
          subnet_id: ref('aws_subnet', subnetId, 'id'),
          route_table_id: ref('aws_route_table', rtId, 'id'),
        }),
      );
    }
  });

  test('one NAT gateway with an EIP per configured gateway, in the public subnets', () => {
    expect(d.natGateways).toBe(3);
    expect(resourcesOf(stack, 'aws_nat_gateway')).toHaveLength(d.natGateways);
    expect(resourcesOf(stack, 'aws_eip')).toHaveLength(d.natGateways);
    AZS.forEach((az) => {
      const [, nat] = byPath(stack, 'aws_nat_gateway', `/Network/NatGateway${az}`);
      const [subnetId] = byPath(stack, 'aws_subnet', `/Network/PublicSubnet${az}`);
      const [eipId, eip] = byPath(stack, 'aws_eip', `/Network/NatEip${az}`);
      expect(eip.domain).toBe('vpc');
      expect(nat.subnet_id).toBe(ref('aws_subnet', subnetId, 'id'));
      expect(nat.allocation_id).toBe(ref('aws_eip', eipId, 'allocation_id'));
    });
  });

  test('each private subnet has its own route table whose default route goes to its own AZ NAT gateway', () => {
    const tables = resourcesOf(stack, 'aws_route_table');
    // 1 public + 3 private + 3 isolated.
    expect(tables).toHaveLength(1 + 2 * d.availabilityZoneCount);
    for (const [, table] of tables) expect(table.route).toBeUndefined(); // no inline routes
    // 1 public default route + 1 per private table; nothing else.
    expect(resourcesOf(stack, 'aws_route')).toHaveLength(1 + d.availabilityZoneCount);
    for (const az of AZS) {
      const [rtId] = byPath(stack, 'aws_route_table', `/Network/PrivateRouteTable${az}`);
      const [natId] = byPath(stack, 'aws_nat_gateway', `/Network/NatGateway${az}`);
      const [subnetId] = byPath(stack, 'aws_subnet', `/Network/PrivateSubnet${az}`);
      const [, route] = byPath(stack, 'aws_route', `/Network/PrivateDefaultRoute${az}`);
      expect(route).toMatchObject({
        route_table_id: ref('aws_route_table', rtId, 'id'),
        destination_cidr_block: '0.0.0.0/0',
        nat_gateway_id: ref('aws_nat_gateway', natId, 'id'),
      });
      const [, assoc] = byPath(stack, 'aws_route_table_association', `/Network/PrivateRouteAssociation${az}`);
      expect(assoc).toMatchObject({
        subnet_id: ref('aws_subnet', subnetId, 'id'),
        route_table_id: ref('aws_route_table', rtId, 'id'),
      });
    }
  });

  test('isolated subnets have one route table per AZ and no route at all', () => {
    const routes = resourcesOf(stack, 'aws_route').map(([, r]) => r.route_table_id);
    for (const az of AZS) {
      const [rtId] = byPath(stack, 'aws_route_table', `/Network/IsolatedRouteTable${az}`);
      const [subnetId] = byPath(stack, 'aws_subnet', `/Network/IsolatedSubnet${az}`);
      expect(routes).not.toContain(ref('aws_route_table', rtId, 'id'));
      const [, assoc] = byPath(stack, 'aws_route_table_association', `/Network/IsolatedRouteAssociation${az}`);
      expect(assoc).toMatchObject({
        subnet_id: ref('aws_subnet', subnetId, 'id'),
        route_table_id: ref('aws_route_table', rtId, 'id'),
      });
    }
    expect(resourcesOf(stack, 'aws_route_table_association')).toHaveLength(3 * d.availabilityZoneCount);
  });

  test('the default security group is emptied of all rules', () => {
    const groups = resourcesOf(stack, 'aws_default_security_group');
    expect(groups).toHaveLength(1);
    expect(groups[0][1].ingress).toBeUndefined();
    expect(groups[0][1].egress).toBeUndefined();
  });

  test('flow logs of all traffic go to a KMS-encrypted log group kept for the configured days', () => {
    const logs = resourcesOf(stack, 'aws_flow_log');
    expect(logs).toHaveLength(1);
    const [vpcId] = byPath(stack, 'aws_vpc', '/Network/Vpc');
    const [groupId, group] = byPath(stack, 'aws_cloudwatch_log_group', '/Network/FlowLogGroup/LogGroup');
    expect(group.retention_in_days).toBe(d.logRetentionDays);
    expect(group.name).toBe(`/aws/vpc/${d.namePrefix}/flow-logs`);
    const [, key] = target(stack, group.kms_key_id);
    expect(key.enable_key_rotation).toBe(true);
    const [roleId, role] = byPath(stack, 'aws_iam_role', '/Network/FlowLogRole');
    expect(logs[0][1]).toMatchObject({
      vpc_id: ref('aws_vpc', vpcId, 'id'),
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: ref('aws_cloudwatch_log_group', groupId, 'arn'),
      iam_role_arn: ref('aws_iam_role', roleId, 'arn'),
    });
    // The role is assumable by the flow-logs service only, for this account.
    const [, trust] = target(stack, role.assume_role_policy);
    expect(trust.statement).toHaveLength(1);
    expect(trust.statement[0].principals).toEqual([{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }]);
    expect(trust.statement[0].condition.map((c: Json) => c.variable).sort()).toEqual([
      'aws:SourceAccount',
      'aws:SourceArn',
    ]);
  });

  test('the flow-log role may only write to its own log group', () => {
    const [, policy] = byPath(stack, 'aws_iam_role_policy', '/Network/FlowLogRolePolicy');
    const [groupId] = byPath(stack, 'aws_cloudwatch_log_group', '/Network/FlowLogGroup/LogGroup');
    const [, doc] = target(stack, policy.policy);
    expect(doc.statement).toHaveLength(1);
    expect([...doc.statement[0].actions].sort()).toEqual([
      'logs:CreateLogStream',
      'logs:DescribeLogGroups',
      'logs:DescribeLogStreams',
      'logs:PutLogEvents',
    ]);
    const arn = ref('aws_cloudwatch_log_group', groupId, 'arn');
    expect(doc.statement[0].resources).toEqual([arn, `${arn}:*`]);
    const [roleId] = byPath(stack, 'aws_iam_role', '/Network/FlowLogRole');
    expect(policy.role).toBe(ref('aws_iam_role', roleId, 'id'));
    // No managed policy on the flow-log role.
    expect(resourcesOf(stack, 'aws_iam_role_policy_attachment').map(([, a]) => a.role)).not.toContain(
      ref('aws_iam_role', roleId, 'name'),
    );
  });
});

describe('Network with fewer NAT gateways than AZs', () => {
  const small = configWith({
    'genai-demo:environments': { production: { 'nat-gateways': 1 }, 'production-dr': { 'nat-gateways': 2 } },
  });

  test.each([
    ['primary', 1, ['Az1', 'Az1', 'Az1']],
    ['dr', 2, ['Az1', 'Az2', 'Az2']],
  ] as const)('%s: %d NAT gateway(s); private subnets route through NAT min(i, n-1)', (role, count, natFor) => {
    const stack = synthPlatform(small, role);
    expect(resourcesOf(stack, 'aws_nat_gateway')).toHaveLength(count);
    expect(resourcesOf(stack, 'aws_eip')).toHaveLength(count);
    AZS.forEach((az, i) => {
      const [natId] = byPath(stack, 'aws_nat_gateway', `/Network/NatGateway${natFor[i]}`);
      const [, route] = byPath(stack, 'aws_route', `/Network/PrivateDefaultRoute${az}`);
      expect(route.nat_gateway_id).toBe(ref('aws_nat_gateway', natId, 'id'));
    });
    // Still one route table per private subnet.
    expect(resourcesOf(stack, 'aws_route_table')).toHaveLength(7);
  });
});
