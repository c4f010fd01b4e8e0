import { Testing, TerraformStack } from 'cdktf';
import { regionalProvider } from '../../components/aws-provider';
import { HostedZone } from '../../components/hosted-zone';
import { dataOf, resourcesOf, synthApp, type Json } from '../helpers/app';

const PRIMARY = 'genai-demo-production-primary';
const DR = 'genai-demo-production-dr';

describe('HostedZone', () => {
  test('by default both regions look the public zone up by name and create none', () => {
    const { stacks } = synthApp();
    for (const name of [PRIMARY, DR]) {
      const lookups = dataOf(stacks[name], 'aws_route53_zone');
      expect(lookups).toHaveLength(1);
      expect(lookups[0][1]).toMatchObject({ name: 'kimkao.io', private_zone: false });
      expect(resourcesOf(stacks[name], 'aws_route53_zone')).toHaveLength(0);
    }
  });

  test('with hosted-zone.create the primary creates the zone and the DR stack reads its id from remote state', () => {
    const { stacks } = synthApp({ 'genai-demo:hosted-zone': { create: true } });
    const zones = resourcesOf(stacks[PRIMARY], 'aws_route53_zone');
    expect(zones).toHaveLength(1);
    expect(zones[0][1].name).toBe('kimkao.io');
    expect(dataOf(stacks[PRIMARY], 'aws_route53_zone')).toHaveLength(0);

    expect(resourcesOf(stacks[DR], 'aws_route53_zone')).toHaveLength(0);
    expect(dataOf(stacks[DR], 'aws_route53_zone')).toHaveLength(0);
    const [, record] = resourcesOf(stacks[DR], 'aws_route53_record')[0];
    expect(record.zone_id).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-genai-demo-production-primary\.outputs\.cross-stack-output-aws_route53_zone\w+zone_id\}$/,
    );
  });

  test('an explicit zone id wins: no lookup, no zone', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'fixture');
    regionalProvider(stack, 'Aws', { region: 'ap-east-2', tags: {} });
    const zone = new HostedZone(stack, 'Zone', { domain: 'example.org', create: true, zoneId: 'Z123' });
    const json: Json = JSON.parse(Testing.synth(stack));
    expect(zone.zoneId).toBe('Z123');
    expect(json.resource?.aws_route53_zone).toBeUndefined();
    expect(json.data?.aws_route53_zone).toBeUndefined();
  });
});
