/**
 * DatabaseDns on a bare stack: a private zone associated with every given VPC (each in its own region) and
 * one CNAME in it pointing at the writer's address, with its TTL default; the two prop rules.
 */
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { TerraformStack, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { DEFAULT_DATABASE_CNAME_TTL_SECONDS, DatabaseDns, type DatabaseDnsProps } from '../../components/database-dns';
import { resourcesOf } from '../helpers/app';
import { idOf, ref } from '../helpers/terraform';

const PROPS: DatabaseDnsProps = {
  zoneName: 'demo.internal',
  recordName: 'postgres.demo.internal',
  vpcs: [
    { vpcId: 'vpc-taipei', region: 'ap-east-2' },
    { vpcId: 'vpc-tokyo', region: 'ap-northeast-1' },
  ],
  writerAddress: 'demo-db.abc123.ap-east-2.rds.amazonaws.com',
};
const synth = (patch: Partial<DatabaseDnsProps> = {}) =>
  Testing.synthScope((scope) => new DatabaseDns(scope, 'DatabaseDns', { ...PROPS, ...patch }));

test("a private zone answering in both regions' VPCs", () => {
  const synthesized = synth();
  expect(synthesized).toHaveResourceWithProperties(Route53Zone, {
    name: 'demo.internal',
    vpc: [
      { vpc_id: 'vpc-taipei', vpc_region: 'ap-east-2' },
      { vpc_id: 'vpc-tokyo', vpc_region: 'ap-northeast-1' },
    ],
  });
  expect(resourcesOf(JSON.parse(synthesized), 'aws_route53_zone')).toHaveLength(1);
});

test('one CNAME in that zone, pointing at the writer, with a 30 s TTL by default', () => {
  const synthesized = synth();
  const json = JSON.parse(synthesized);
  expect(DEFAULT_DATABASE_CNAME_TTL_SECONDS).toBe(30);
  expect(synthesized).toHaveResourceWithProperties(Route53Record, {
    zone_id: ref('aws_route53_zone', idOf(json, 'aws_route53_zone'), 'zone_id'),
    name: 'postgres.demo.internal',
    type: 'CNAME',
    ttl: 30,
    records: ['demo-db.abc123.ap-east-2.rds.amazonaws.com'],
  });
  expect(resourcesOf(json, 'aws_route53_record')).toHaveLength(1);
});

test('the TTL can be set; the host name is the record name', () => {
  expect(synth({ ttlSeconds: 5 })).toHaveResourceWithProperties(Route53Record, { type: 'CNAME', ttl: 5 });
  const dns = new DatabaseDns(new TerraformStack(Testing.app(), 'test'), 'DatabaseDns', PROPS);
  expect(dns.hostName).toBe('postgres.demo.internal');
});

test.each<[string, Partial<DatabaseDnsProps>, RegExp | null]>([
  ['one VPC', { vpcs: PROPS.vpcs.slice(0, 1) }, null],
  ['no VPC', { vpcs: [] }, /^DatabaseDns DatabaseDns: a private hosted zone needs at least one VPC$/],
  ['a record one label below the zone', { recordName: 'db.demo.internal' }, null],
  [
    'a record outside the zone',
    { recordName: 'postgres.other.internal' },
    /postgres\.other\.internal is not inside the zone demo\.internal/,
  ],
  ['the zone apex itself', { recordName: 'demo.internal' }, /demo\.internal is not inside the zone demo\.internal/],
  ["a name that only ends with the zone's text", { recordName: 'postgresdemo.internal' }, /not inside the zone/],
  ['a TTL of 1 s', { ttlSeconds: 1 }, null],
  [
    'a TTL of 0',
    { ttlSeconds: 0 },
    /^DatabaseDns DatabaseDns: ttlSeconds 0: expected a whole number of seconds, at least 1$/,
  ],
  ['a negative TTL', { ttlSeconds: -30 }, /ttlSeconds -30: expected a whole number/],
  ['a fractional TTL', { ttlSeconds: 2.5 }, /ttlSeconds 2\.5: expected a whole number/],
])('%s', (_, patch, error) => {
  if (error === null) expect(() => synth(patch)).not.toThrow();
  else expect(() => synth(patch)).toThrow(error);
});
