import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { synthApp } from '../helpers/app';
import { bodiesOf, dataOf, resourcesOf } from '../helpers/terraform';

describe('the app', () => {
  test('production with DR synthesizes four stacks, primary first', () => {
    const { manifest } = synthApp();
    expect(Object.keys(manifest.stacks).sort()).toEqual([
      'genai-demo-production-dr',
      'genai-demo-production-multi-region',
      'genai-demo-production-primary',
      'genai-demo-production-route53-failover',
    ]);
    expect(manifest.stacks['genai-demo-production-dr'].dependencies).toContain('genai-demo-production-primary');
    expect(manifest.stacks['genai-demo-production-multi-region'].dependencies).toContain('genai-demo-production-dr');
  });

  test('development synthesizes the primary stack alone', () => {
    const { manifest } = synthApp({ 'genai-demo:environment': 'development' });
    expect(Object.keys(manifest.stacks)).toEqual(['genai-demo-development-primary']);
  });

  test('production with enable-dr false synthesizes the primary stack alone', () => {
    const { manifest } = synthApp({ 'genai-demo:multi-region': { 'enable-dr': false } });
    expect(Object.keys(manifest.stacks)).toEqual(['genai-demo-production-primary']);
  });

  test('every stack has its own S3 state key, region validation skipped and native locking', () => {
    const { stacks } = synthApp();
    for (const [name, stack] of Object.entries(stacks)) {
      expect(stack.terraform.backend.s3).toEqual({
        bucket: 'genai-demo-terraform-state',
        key: `genai-demo/${name}.tfstate`,
        region: 'ap-east-2',
        encrypt: true,
        skip_region_validation: true,
        use_lockfile: true,
      });
    }
  });

  test('RDS manages every master password: no password in any stack', () => {
    const { stacks } = synthApp();
    for (const stack of Object.values(stacks)) {
      for (const instance of bodiesOf(stack, 'aws_db_instance')) {
        expect(instance).not.toHaveProperty('password');
        expect(instance).not.toHaveProperty('password_wo');
      }
      expect(JSON.stringify(stack)).not.toMatch(/"(master_)?password(_wo)?"\s*:/);
    }
  });

  test('by default both regions look the public zone up by name and create none', () => {
    const { stacks } = synthApp();
    for (const name of ['genai-demo-production-primary', 'genai-demo-production-dr']) {
      expect(dataOf(stacks[name], 'aws_route53_zone')).toHaveLength(1);
      expect(JSON.stringify(stacks[name])).toHaveDataSourceWithProperties(DataAwsRoute53Zone, {
        name: 'kimkao.io',
        private_zone: false,
      });
      expect(resourcesOf(stacks[name], 'aws_route53_zone')).toHaveLength(0);
    }
  });

  test('with hosted-zone.create the primary creates the zone and the DR stack reads its id from remote state', () => {
    const { stacks } = synthApp({ 'genai-demo:hosted-zone': { create: true } });
    const primary = stacks['genai-demo-production-primary'];
    const dr = stacks['genai-demo-production-dr'];
    expect(resourcesOf(primary, 'aws_route53_zone')).toHaveLength(1);
    expect(JSON.stringify(primary)).toHaveResourceWithProperties(Route53Zone, { name: 'kimkao.io' });
    expect(dataOf(primary, 'aws_route53_zone')).toHaveLength(0);

    expect(resourcesOf(dr, 'aws_route53_zone')).toHaveLength(0);
    expect(dataOf(dr, 'aws_route53_zone')).toHaveLength(0);
    const [, record] = resourcesOf(dr, 'aws_route53_record')[0];
    expect(record.zone_id).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-genai-demo-production-primary\.outputs\.cross-stack-output-aws_route53_zone\w+zone_id\}$/,
    );
  });

  test('the app has exactly one trail: in the primary stack, multi-region, in production and in development', () => {
    for (const patch of [{}, { 'genai-demo:environment': 'development' }]) {
      const { stacks, config: c } = synthApp(patch);
      const trails = Object.entries(stacks).flatMap(([name, s]) =>
        resourcesOf(s, 'aws_cloudtrail').map(([, t]) => [name, t] as const),
      );
      expect(trails).toHaveLength(1);
      expect(trails[0][0]).toBe(c.stackNames.primary);
      expect(trails[0][1]).toMatchObject({ name: `${c.primary.namePrefix}-audit`, is_multi_region_trail: true });
      expect(stacks[c.stackNames.primary].provider.aws[0].region).toBe(c.primary.region);
    }
  });
});
