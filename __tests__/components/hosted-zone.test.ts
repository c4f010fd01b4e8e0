/**
 * HostedZone on a bare stack: looked up by name, created, or taken as given. Which stack creates the zone
 * and how the other reads its id is checked in stacks/region-stacks.test.ts and stacks/app.test.ts.
 */
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { regionalProvider } from '../../components/aws-provider';
import { HostedZone, type HostedZoneProps } from '../../components/hosted-zone';
import { dataIdOf, dataOf, idOf, ref, resolveIn, resourcesOf, synthJson, type Json } from '../helpers/terraform';

/** The zone alone on a bare stack, with the id it hands out as synthesized there. */
function synthZone(props: HostedZoneProps): { json: Json; zoneId: unknown } {
  let zoneId: unknown;
  const json = synthJson((stack) => {
    regionalProvider(stack, 'Aws', { region: 'ap-east-2', tags: {} });
    const zone = new HostedZone(stack, 'Zone', props);
    zoneId = resolveIn(stack, zone.zoneId);
  });
  return { json, zoneId };
}

describe('HostedZone', () => {
  test('not created: the public zone is looked up by name, and none is created', () => {
    const { json } = synthZone({ domain: 'kimkao.io', create: false });
    expect(dataOf(json, 'aws_route53_zone')).toHaveLength(1);
    expect(JSON.stringify(json)).toHaveDataSourceWithProperties(DataAwsRoute53Zone, {
      name: 'kimkao.io',
      private_zone: false,
    });
    expect(resourcesOf(json, 'aws_route53_zone')).toHaveLength(0);
  });

  test('created: one public zone of the domain, and no lookup', () => {
    const { json } = synthZone({ domain: 'kimkao.io', create: true });
    expect(resourcesOf(json, 'aws_route53_zone')).toHaveLength(1);
    expect(JSON.stringify(json)).toHaveResourceWithProperties(Route53Zone, { name: 'kimkao.io' });
    expect(dataOf(json, 'aws_route53_zone')).toHaveLength(0);
  });

  test("the zone id handed out is the lookup's or the created zone's", () => {
    const looked = synthZone({ domain: 'kimkao.io', create: false });
    expect(looked.zoneId).toBe(ref('data.aws_route53_zone', dataIdOf(looked.json, 'aws_route53_zone'), 'zone_id'));
    const created = synthZone({ domain: 'kimkao.io', create: true });
    expect(created.zoneId).toBe(ref('aws_route53_zone', idOf(created.json, 'aws_route53_zone'), 'zone_id'));
  });

  test('an explicit zone id wins: no lookup, no zone', () => {
    const { json, zoneId } = synthZone({ domain: 'example.org', create: true, zoneId: 'Z123' });
    expect(zoneId).toBe('Z123');
    expect(json.resource?.aws_route53_zone).toBeUndefined();
    expect(json.data?.aws_route53_zone).toBeUndefined();
  });
});
