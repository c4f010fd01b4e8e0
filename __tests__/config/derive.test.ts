import { drMaxNodes, drMinNodes, isGraviton } from '../../config';
import { configWith } from '../helpers/app';

describe('DR sizing (spec: 50% of the primary minimum, 80% of the primary maximum)', () => {
  test.each([
    [2, 10, 1, 8],
    [1, 1, 1, 1],
    [3, 5, 1, 4],
    [4, 20, 2, 16],
    [10, 10, 5, 8],
  ])('primary %i..%i gives DR %i..%i', (min, max, drMin, drMax) => {
    expect(drMinNodes(min)).toBe(drMin);
    expect(drMaxNodes(max, drMinNodes(min))).toBe(drMax);
  });

  test('the shipped config derives DR 1..8 from production 2..10', () => {
    const config = configWith();
    expect(config.primary.eks).toMatchObject({ minNodes: 2, maxNodes: 10, desiredNodes: 2 });
    expect(config.dr?.eks).toMatchObject({ minNodes: 1, maxNodes: 8, desiredNodes: 1 });
  });

  test('explicit DR sizes override the derived ones', () => {
    const config = configWith({
      'genai-demo:environments': { 'production-dr': { 'eks-min-nodes': 2, 'eks-max-nodes': 6 } },
    });
    expect(config.dr?.eks).toMatchObject({ minNodes: 2, maxNodes: 6 });
  });

  test('DR inherits the primary database and Kubernetes settings, always Multi-AZ', () => {
    const config = configWith({ 'genai-demo:environments': { production: { 'db-instance-class': 'db.r6g.xlarge' } } });
    expect(config.dr?.database).toMatchObject({
      instanceClass: 'db.r6g.xlarge',
      engineVersion: '16.6',
      multiAz: true,
      parameterGroupFamily: 'postgres16',
    });
    expect(config.dr?.eks.kubernetesVersion).toBe(config.primary.eks.kubernetesVersion);
  });
});

describe('instance architecture', () => {
  test.each(['m6g.large', 't4g.medium', 'r7gd.xlarge', 'c7gn.large', 'm8g.large'])('%s is Graviton (ARM)', (t) =>
    expect(isGraviton(t)).toBe(true),
  );
  test.each(['m6i.large', 't3.medium', 'm5.large', 'g5.xlarge', 'c6a.large'])('%s is x86', (t) =>
    expect(isGraviton(t)).toBe(false),
  );

  test('the node group AMI type follows the instance type', () => {
    expect(configWith().primary.eks.amiType).toBe('AL2023_ARM_64_STANDARD');
    const x86 = configWith({ 'genai-demo:environments': { production: { 'eks-node-type': 'm6i.large' } } });
    expect(x86.primary.eks.amiType).toBe('AL2023_x86_64_STANDARD');
    expect(x86.dr?.eks.amiType).toBe('AL2023_ARM_64_STANDARD'); // production-dr sets its own m6g.large
  });

  test('spot capacity follows the region cost optimization', () => {
    expect(configWith().primary.eks.capacityType).toBe('ON_DEMAND');
    const spot = configWith({
      'genai-demo:regions': { regions: { 'ap-northeast-1': { 'cost-optimization': { 'spot-instances': true } } } },
    });
    expect(spot.dr?.eks.capacityType).toBe('SPOT');
    expect(spot.primary.eks.capacityType).toBe('ON_DEMAND');
  });
});

describe('subnets derived from the VPC CIDR', () => {
  test('production /16 gives /20 subnets per tier and AZ', () => {
    expect(configWith().primary.subnetCidrs).toEqual({
      public: ['10.2.0.0/20', '10.2.16.0/20', '10.2.32.0/20'],
      private: ['10.2.64.0/20', '10.2.80.0/20', '10.2.96.0/20'],
      isolated: ['10.2.128.0/20', '10.2.144.0/20', '10.2.160.0/20'],
    });
  });

  test('DR subnets come from the DR CIDR and never overlap each other', () => {
    const cidrs = Object.values(configWith().dr!.subnetCidrs).flat();
    expect(cidrs).toHaveLength(9);
    expect(new Set(cidrs).size).toBe(9);
    expect(cidrs.every((c) => c.startsWith('10.3.'))).toBe(true);
  });
});

describe('names, roles and deployment scope', () => {
  test('production with DR', () => {
    const config = configWith();
    expect(config.namePrefix).toBe('genai-demo-production');
    expect(config.primary).toMatchObject({
      role: 'primary',
      region: 'ap-east-2',
      regionName: 'Taiwan',
      namePrefix: 'genai-demo-production',
      vpcCidr: '10.2.0.0/16',
    });
    // The role is `dr` in code; the deployed RegionRole tag keeps the config's word, `secondary`.
    expect(config.dr).toMatchObject({
      role: 'dr',
      region: 'ap-northeast-1',
      regionName: 'Tokyo',
      namePrefix: 'genai-demo-production-dr',
      vpcCidr: '10.3.0.0/16',
      tags: { RegionRole: 'secondary' },
    });
    expect(config.stackNames).toEqual({
      primary: 'genai-demo-production-primary',
      dr: 'genai-demo-production-dr',
      multiRegion: 'genai-demo-production-multi-region',
      failover: 'genai-demo-production-route53-failover',
    });
    expect(config.primary.tags).toEqual({
      Project: 'genai-demo',
      Environment: 'production',
      RegionRole: 'primary',
      Region: 'Taiwan',
      ManagedBy: 'cdktf',
    });
  });

  test('development is single-region, without deletion protection or budget warnings', () => {
    const config = configWith({ 'genai-demo:environment': 'development' });
    expect(config.dr).toBeUndefined();
    expect(config.stackNames).toEqual({
      primary: 'genai-demo-development-primary',
      dr: undefined,
      multiRegion: undefined,
      failover: undefined,
    });
    expect(config.primary.database).toMatchObject({ deletionProtection: false, multiAz: false });
    expect(config.warnings).toEqual([]);
  });

  test('DR is deployed only for production', () => {
    const config = configWith({
      'genai-demo:environment': 'development',
      'genai-demo:environments': {
        'development-dr': { 'vpc-cidr': '10.4.0.0/16', 'nat-gateways': 1, 'eks-node-type': 't4g.medium' },
      },
    });
    expect(config.dr).toBeUndefined();
  });
});
