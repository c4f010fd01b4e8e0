/**
 * Reading the roles back through the emulator's own APIs (RDS, EC2, ELB, Route 53, SSM, EKS through the
 * AWS CLI) and checking them against a step of the role cycle: which instances exist in each region and
 * what each one is (writer, replica of the writer's ARN, fenced behind the rule-less security group),
 * where api. PRIMARY and SECONDARY point, the private database name, node-group sizes, the roles parameter.
 * Shared by the role-swap emulator suites.
 */
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBInstancesCommand, RDSClient, type DBInstance } from '@aws-sdk/client-rds';
import {
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { execFileSync } from 'node:child_process';
import type { AppConfig, RegionDeployment } from '../../config';
import { ROUTE53_REGION, clientSettings } from '../../tools/lib/aws';
import type { LocalSession } from '../../tools/local/session';
import type { RoleStep } from './role-sequence';

export const regionDeployments = (config: AppConfig): RegionDeployment[] => [config.primary, config.dr!];

export async function dbInstances(env: NodeJS.ProcessEnv, region: string): Promise<DBInstance[]> {
  const rds = new RDSClient(clientSettings(region, env));
  try {
    return (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [];
  } finally {
    rds.destroy();
  }
}

async function recordSets(
  env: NodeJS.ProcessEnv,
  zoneName: string,
  privateZone: boolean,
): Promise<ResourceRecordSet[]> {
  const r53 = new Route53Client(clientSettings(ROUTE53_REGION, env));
  try {
    const zones = (await r53.send(new ListHostedZonesByNameCommand({ DNSName: zoneName }))).HostedZones ?? [];
    const zone = zones.find(
      (z) => z.Name?.replace(/\.$/, '') === zoneName && (z.Config?.PrivateZone ?? false) === privateZone,
    );
    if (zone === undefined) throw new Error(`no ${privateZone ? 'private' : 'public'} hosted zone ${zoneName}`);
    return (await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.Id }))).ResourceRecordSets ?? [];
  } finally {
    r53.destroy();
  }
}

async function albDnsName(env: NodeJS.ProcessEnv, region: string): Promise<string> {
  const elb = new ElasticLoadBalancingV2Client(clientSettings(region, env));
  try {
    const lbs = (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
    expect(lbs).toHaveLength(1);
    return lbs[0].DNSName!.toLowerCase();
  } finally {
    elb.destroy();
  }
}

/** DescribeNodegroup through the AWS CLI (the project has no EKS SDK client), against the emulator. */
function describeNodegroup(env: NodeJS.ProcessEnv, region: string, clusterName: string, nodegroupName: string) {
  const out = execFileSync(
    'aws',
    [
      'eks',
      'describe-nodegroup',
      '--region',
      region,
      '--endpoint-url',
      env.AWS_ENDPOINT_URL!,
      '--cluster-name',
      clusterName,
      '--nodegroup-name',
      nodegroupName,
      '--output',
      'json',
    ],
    { env, encoding: 'utf8' },
  );
  return (
    JSON.parse(out) as { nodegroup?: { scalingConfig?: { minSize?: number; maxSize?: number; desiredSize?: number } } }
  ).nodegroup;
}

const bare = (name: string | undefined) =>
  (name ?? '')
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^dualstack\./, '');

/** What the emulator says about the roles, checked against the step's expectation. */
export async function checkRoles(s: LocalSession, step: RoleStep): Promise<void> {
  const env = s.awsEnv;
  const config = s.config;
  expect(config.roles.writerRegion).toBe(step.writer);

  // Databases: exactly the expected instances per region; the writer and fenced ones standalone, each
  // replica's source the writer's ARN; fenced ones behind the rule-less security group.
  const writerIdentifier = config.roles.writer.identifier;
  let writerInstance: DBInstance | undefined;
  for (const d of regionDeployments(config)) {
    const instances = await dbInstances(env, d.region);
    const expected = step.expect[d.region];
    expect(instances.map((i) => i.DBInstanceIdentifier).sort()).toEqual(Object.keys(expected).sort());
    for (const instance of instances) {
      const role = expected[instance.DBInstanceIdentifier!];
      const source = instance.ReadReplicaSourceDBInstanceIdentifier;
      if (role === 'replica') {
        expect(source).toMatch(new RegExp(`^arn:aws:rds:${step.writer}:\\d{12}:db:${writerIdentifier}$`));
      } else {
        expect({ identifier: instance.DBInstanceIdentifier, source }).toEqual({
          identifier: instance.DBInstanceIdentifier,
          source: undefined,
        });
      }
      if (role === 'writer') writerInstance = instance;
      const ec2 = new EC2Client(clientSettings(d.region, env));
      try {
        const groupIds = (instance.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId!);
        const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds }))).SecurityGroups ?? [];
        const fenced = groups.every((g) => g.GroupName === `${d.namePrefix}-db-fenced`);
        expect({ identifier: instance.DBInstanceIdentifier, fenced }).toEqual({
          identifier: instance.DBInstanceIdentifier,
          fenced: role === 'fenced',
        });
      } finally {
        ec2.destroy();
      }
    }
    // DbiResourceId is the instance's own (the emulator fix): no two instances share one.
    const ids = instances.map((i) => i.DbiResourceId);
    expect(new Set(ids).size).toBe(ids.length);
  }
  expect(writerInstance?.DBInstanceIdentifier).toBe(writerIdentifier);

  // api. PRIMARY points at the writer region's ALB, SECONDARY at the other's.
  const records = await recordSets(env, config.domain, false);
  const failover = records.filter((r) => bare(r.Name) === `api.${config.domain}` && r.Type === 'A');
  const target = (type: string) => bare(failover.find((r) => r.Failover === type)?.AliasTarget?.DNSName);
  const standby = config.roles.standbyRegion!;
  expect({ PRIMARY: target('PRIMARY'), SECONDARY: target('SECONDARY') }).toEqual({
    PRIMARY: bare(await albDnsName(env, step.writer)),
    SECONDARY: bare(await albDnsName(env, standby)),
  });

  // The application's database name follows the writer.
  const dns = config.roles.databaseDns!;
  const cname = (await recordSets(env, dns.zoneName, true)).find(
    (r) => bare(r.Name) === dns.recordName && r.Type === 'CNAME',
  );
  expect(cname?.ResourceRecords?.map((r) => r.Value)).toEqual([writerInstance?.Endpoint?.Address]);

  // Node groups: full size where the writer is, standby size elsewhere; the roles document in both regions.
  for (const d of regionDeployments(config)) {
    const ssm = new SSMClient(clientSettings(d.region, env));
    try {
      const ng = describeNodegroup(env, d.region, d.namePrefix, `${d.namePrefix}-default`);
      const full = { minSize: config.primary.isWriter ? config.primary.eks.minNodes : config.dr!.eks.minNodes };
      expect({ region: d.region, min: ng?.scalingConfig?.minSize, max: ng?.scalingConfig?.maxSize }).toEqual({
        region: d.region,
        min: d.eks.minNodes,
        max: d.eks.maxNodes,
      });
      if (d.region === step.writer) expect(ng?.scalingConfig?.minSize).toBe(full.minSize);
      const roles = JSON.parse(
        (await ssm.send(new GetParameterCommand({ Name: `/${config.namePrefix}/roles` }))).Parameter!.Value!,
      );
      expect({ region: d.region, writerRegion: roles.writerRegion, writerDatabase: roles.writerDatabase }).toEqual({
        region: d.region,
        writerRegion: step.writer,
        writerDatabase: writerIdentifier,
      });
    } finally {
      ssm.destroy();
    }
  }
  // Sizing really moves with the writer: the writer region runs the primary environment's bounds.
  const writerDeployment = regionDeployments(config).find((d) => d.region === step.writer)!;
  const standbyDeployment = regionDeployments(config).find((d) => d.region === standby)!;
  expect(writerDeployment.eks.minNodes).toBeGreaterThan(standbyDeployment.eks.minNodes);
}
