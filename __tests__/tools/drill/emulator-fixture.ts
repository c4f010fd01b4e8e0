/**
 * The minimal deployment the drill needs, created directly on the emulator with the SDK (independent of
 * the stacks): the state bucket, the hosted zone, two load balancers (one per region, in their own VPCs),
 * their health checks, the failover and latency records, a peering connection between the two VPCs, and
 * the three state objects the drill reads, with the failover stack's outputs.
 */
import {
  AcceptVpcPeeringConnectionCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeAvailabilityZonesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ChangeResourceRecordSetsCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  Route53Client,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { CreateBucketCommand, PutObjectCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import type { AppConfig, RegionDeployment } from '../../../config';
import { stateKey } from '../../../tools/drill/outputs';

/** What the fixture created. */
export interface DrillFixture {
  readonly zoneId: string;
  readonly primaryHealthCheckId: string;
  readonly secondaryHealthCheckId: string;
  readonly primaryAlbDnsName: string;
  readonly secondaryAlbDnsName: string;
  readonly peeringId: string;
  readonly replicaIdentifier: string;
}

interface Alb {
  readonly vpcId: string;
  readonly dnsName: string;
  readonly zoneId: string;
}

async function regionAlb(region: RegionDeployment): Promise<Alb> {
  const ec2 = new EC2Client({ region: region.region });
  const elb = new ElasticLoadBalancingV2Client({ region: region.region });
  try {
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: region.vpcCidr }));
    const vpcId = vpc.Vpc!.VpcId!;
    const zones = (await ec2.send(new DescribeAvailabilityZonesCommand({}))).AvailabilityZones!.map((z) => z.ZoneName!);
    const subnets: string[] = [];
    for (const [i, cidr] of region.subnetCidrs.public.slice(0, 2).entries()) {
      const subnet = await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: zones[i] }),
      );
      subnets.push(subnet.Subnet!.SubnetId!);
    }
    const lb = await elb.send(
      new CreateLoadBalancerCommand({
        Name: `${region.namePrefix}-drill`,
        Subnets: subnets,
        Type: 'application',
        Scheme: 'internet-facing',
      }),
    );
    const alb = lb.LoadBalancers![0];
    return { vpcId, dnsName: alb.DNSName!, zoneId: alb.CanonicalHostedZoneId! };
  } finally {
    ec2.destroy();
    elb.destroy();
  }
}

function aliasRecord(
  name: string,
  setId: string,
  alb: Alb,
  healthCheckId: string,
  routing: Partial<ResourceRecordSet>,
): ResourceRecordSet {
  return {
    Name: name,
    Type: 'A',
    SetIdentifier: setId,
    HealthCheckId: healthCheckId,
    AliasTarget: { HostedZoneId: alb.zoneId, DNSName: alb.dnsName, EvaluateTargetHealth: true },
    ...routing,
  };
}

/** Creates the fixture on the emulator the environment points at. */
export async function createDrillFixture(config: AppConfig): Promise<DrillFixture> {
  const dr = config.dr!;
  const [primaryAlb, secondaryAlb] = await Promise.all([regionAlb(config.primary), regionAlb(dr)]);

  const route53 = new Route53Client({ region: 'us-east-1' });
  const ec2 = new EC2Client({ region: config.primary.region });
  const ec2Dr = new EC2Client({ region: dr.region });
  const s3 = new S3Client({ region: config.state.region, forcePathStyle: true });
  try {
    const zone = await route53.send(
      new CreateHostedZoneCommand({ Name: config.domain, CallerReference: `drill-e2e-${config.domain}` }),
    );
    const zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
    const check = async (alb: Alb, ref: string) =>
      (
        await route53.send(
          new CreateHealthCheckCommand({
            CallerReference: ref,
            HealthCheckConfig: {
              Type: 'HTTPS_STR_MATCH',
              FullyQualifiedDomainName: alb.dnsName,
              Port: 443,
              ResourcePath: '/actuator/health',
              SearchString: '"status":"UP"',
              RequestInterval: config.multiRegion.healthCheckIntervalSeconds,
              FailureThreshold: config.multiRegion.healthCheckFailureThreshold,
              EnableSNI: true,
            },
          }),
        )
      ).HealthCheck!.Id!;
    const primaryHc = await check(primaryAlb, 'drill-e2e-primary');
    const secondaryHc = await check(secondaryAlb, 'drill-e2e-secondary');
    const failoverName = `api.${config.domain}`;
    const latencyName = `api-latency.${config.domain}`;
    await route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            aliasRecord(failoverName, 'primary', primaryAlb, primaryHc, { Failover: 'PRIMARY' }),
            aliasRecord(failoverName, 'secondary', secondaryAlb, secondaryHc, { Failover: 'SECONDARY' }),
            aliasRecord(latencyName, config.primary.region, primaryAlb, primaryHc, {
              Region: config.primary.region as never,
            }),
            aliasRecord(latencyName, dr.region, secondaryAlb, secondaryHc, { Region: dr.region as never }),
          ].map((ResourceRecordSet) => ({ Action: 'CREATE', ResourceRecordSet })),
        },
      }),
    );

    const peering = await ec2.send(
      new CreateVpcPeeringConnectionCommand({
        VpcId: primaryAlb.vpcId,
        PeerVpcId: secondaryAlb.vpcId,
        PeerRegion: dr.region,
      }),
    );
    const peeringId = peering.VpcPeeringConnection!.VpcPeeringConnectionId!;
    await ec2Dr.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: peeringId }));

    await s3.send(
      new CreateBucketCommand({
        Bucket: config.state.bucket,
        CreateBucketConfiguration: { LocationConstraint: config.state.region as BucketLocationConstraint },
      }),
    );
    const replicaIdentifier = `${dr.namePrefix}-postgres`;
    const outputs: Record<string, string> = {
      primary_health_check_id: primaryHc,
      secondary_health_check_id: secondaryHc,
      hosted_zone_id: zoneId,
      failover_record_name: failoverName,
      latency_record_name: latencyName,
      primary_alb_dns_name: primaryAlb.dnsName,
      secondary_alb_dns_name: secondaryAlb.dnsName,
      failover_topic_arn: `arn:aws:sns:us-east-1:123456789012:${config.namePrefix}-failover-alerts`,
    };
    const states: Record<string, object> = {
      [config.stackNames.failover!]: {
        version: 4,
        outputs: Object.fromEntries(Object.entries(outputs).map(([k, value]) => [k, { value, type: 'string' }])),
        resources: [],
      },
      [config.stackNames.multiRegion!]: {
        version: 4,
        outputs: {},
        resources: [
          {
            mode: 'managed',
            type: 'aws_vpc_peering_connection',
            name: 'requester',
            instances: [{ attributes: { id: peeringId } }],
          },
        ],
      },
      [config.stackNames.dr!]: {
        version: 4,
        outputs: {},
        resources: [
          {
            mode: 'managed',
            type: 'aws_db_instance',
            name: 'replica',
            instances: [
              {
                attributes: {
                  identifier: replicaIdentifier,
                  replicate_source_db: `arn:aws:rds:${config.primary.region}:123456789012:db:${config.primary.namePrefix}-postgres`,
                },
              },
            ],
          },
        ],
      },
    };
    for (const [stack, state] of Object.entries(states)) {
      await s3.send(
        new PutObjectCommand({
          Bucket: config.state.bucket,
          Key: stateKey(config, stack),
          Body: JSON.stringify(state),
        }),
      );
    }
    return {
      zoneId,
      primaryHealthCheckId: primaryHc,
      secondaryHealthCheckId: secondaryHc,
      primaryAlbDnsName: primaryAlb.dnsName,
      secondaryAlbDnsName: secondaryAlb.dnsName,
      peeringId,
      replicaIdentifier,
    };
  } finally {
    route53.destroy();
    ec2.destroy();
    ec2Dr.destroy();
    s3.destroy();
  }
}
