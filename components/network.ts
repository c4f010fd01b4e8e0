import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { RegionDeployment } from '../config';
import { LogGroup } from './log-group';

/** Props of a three-tier VPC (public, private, isolated) across a fixed number of availability zones. */
export interface NetworkProps {
  /** Prefix of resource names, e.g. `genai-demo-production`. */
  readonly namePrefix: string;
  /** The VPC's IPv4 CIDR. */
  readonly vpcCidr: string;
  /** Number of availability zones; their names are read from the region at plan time. */
  readonly availabilityZoneCount: number;
  /** Subnet CIDRs per tier, one per AZ in AZ order (derived in config). */
  readonly subnetCidrs: RegionDeployment['subnetCidrs'];
  /** NAT gateways (1..AZ count), in the first N public subnets. */
  readonly natGateways: number;
  /** Retention of the VPC flow-log group, in days. */
  readonly flowLogRetentionDays: number;
  /** KMS key (usable by CloudWatch Logs) encrypting the flow-log group. */
  readonly logsKmsKeyArn: string;
}

/**
 * A VPC with DNS support and hostnames, and per AZ: a public subnet (ALB, NAT gateways; default route to
 * the internet gateway), a private subnet (EKS nodes; default route to its own AZ's NAT gateway, or the
 * last one when there are fewer NAT gateways than AZs) and an isolated subnet (databases; no internet
 * route at all). Every private and isolated subnet has its own route table, so routes over the
 * cross-region peering can be added per AZ. Routes are separate `aws_route` resources, never inline
 * blocks, so other stacks can add routes to these tables without Terraform removing them.
 * All traffic is recorded by VPC flow logs in an encrypted CloudWatch log group.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Public subnet ids in AZ order. */
  readonly publicSubnetIds: string[];
  /** Private (app) subnet ids in AZ order. */
  readonly privateSubnetIds: string[];
  /** Isolated (data) subnet ids in AZ order. */
  readonly isolatedSubnetIds: string[];
  /** The public route table (default route to the internet gateway). */
  readonly publicRouteTableId: string;
  /** One private route table per AZ, in AZ order. */
  readonly privateRouteTableIds: string[];
  /** One isolated route table per AZ, in AZ order. */
  readonly isolatedRouteTableIds: string[];
  /** NAT gateway ids, in AZ order. */
  readonly natGatewayIds: string[];
  /** The flow-log group. */
  readonly flowLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const azCount = props.availabilityZoneCount;
    for (const tier of ['public', 'private', 'isolated'] as const) {
      if (props.subnetCidrs[tier].length !== azCount) {
        throw new Error(
          `Network ${id}: ${props.subnetCidrs[tier].length} ${tier} subnet CIDRs for ${azCount} availability zones`,
        );
      }
    }
    if (!Number.isInteger(props.natGateways) || props.natGateways < 1 || props.natGateways > azCount) {
      throw new Error(`Network ${id}: natGateways ${props.natGateways} must be 1..${azCount}`);
    }
    const name = (suffix: string) => ({ Name: `${props.namePrefix}-${suffix}` });

    // Zones of the region, read at plan time; local zones (opt-in) are left out.
    const zones = new DataAwsAvailabilityZones(this, 'AvailabilityZones', {
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    const azName = (i: number): string => Fn.element(zones.names, i);

    this.vpc = new Vpc(this, 'Vpc', {
      cidrBlock: props.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: name('vpc'),
    });
    this.vpcId = this.vpc.id;
    this.vpcCidr = this.vpc.cidrBlock;

    // The VPC's default security group: every rule removed, so nothing can use it by accident.
    new DefaultSecurityGroup(this, 'DefaultSecurityGroup', { vpcId: this.vpc.id, tags: name('default-deny-all') });

    const igw = new InternetGateway(this, 'InternetGateway', { vpcId: this.vpc.id, tags: name('igw') });
    const publicRouteTable = new RouteTable(this, 'PublicRouteTable', { vpcId: this.vpc.id, tags: name('public') });
    new Route(this, 'PublicDefaultRoute', {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
    this.publicRouteTableId = publicRouteTable.id;

    this.publicSubnetIds = [];
    this.privateSubnetIds = [];
    this.isolatedSubnetIds = [];
    this.privateRouteTableIds = [];
    this.isolatedRouteTableIds = [];
    this.natGatewayIds = [];

    for (let i = 0; i < azCount; i++) {
      const az = `Az${i + 1}`;
      const suffix = `az${i + 1}`;
      const pub = new Subnet(this, `PublicSubnet${az}`, {
        vpcId: this.vpc.id,
        cidrBlock: props.subnetCidrs.public[i],
        availabilityZone: azName(i),
        mapPublicIpOnLaunch: false,
        // The AWS Load Balancer Controller places internet-facing load balancers in subnets with this tag.
        tags: { ...name(`public-${suffix}`), Tier: 'public', 'kubernetes.io/role/elb': '1' },
      });
      new RouteTableAssociation(this, `PublicRouteAssociation${az}`, {
        subnetId: pub.id,
        routeTableId: publicRouteTable.id,
      });
      this.publicSubnetIds.push(pub.id);

      if (i < props.natGateways) {
        const eip = new Eip(this, `NatEip${az}`, { domain: 'vpc', tags: name(`nat-${suffix}`) });
        const nat = new NatGateway(this, `NatGateway${az}`, {
          allocationId: eip.allocationId,
          subnetId: pub.id,
          tags: name(`nat-${suffix}`),
          dependsOn: [igw],
        });
        this.natGatewayIds.push(nat.id);
      }
    }

    for (let i = 0; i < azCount; i++) {
      const az = `Az${i + 1}`;
      const suffix = `az${i + 1}`;
      const priv = new Subnet(this, `PrivateSubnet${az}`, {
        vpcId: this.vpc.id,
        cidrBlock: props.subnetCidrs.private[i],
        availabilityZone: azName(i),
        // Internal load balancers go to subnets with this tag.
        tags: { ...name(`private-${suffix}`), Tier: 'private', 'kubernetes.io/role/internal-elb': '1' },
      });
      const privateRouteTable = new RouteTable(this, `PrivateRouteTable${az}`, {
        vpcId: this.vpc.id,
        tags: name(`private-${suffix}`),
      });
      new Route(this, `PrivateDefaultRoute${az}`, {
        routeTableId: privateRouteTable.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: this.natGatewayIds[Math.min(i, props.natGateways - 1)],
      });
      new RouteTableAssociation(this, `PrivateRouteAssociation${az}`, {
        subnetId: priv.id,
        routeTableId: privateRouteTable.id,
      });
      this.privateSubnetIds.push(priv.id);
      this.privateRouteTableIds.push(privateRouteTable.id);

      const iso = new Subnet(this, `IsolatedSubnet${az}`, {
        vpcId: this.vpc.id,
        cidrBlock: props.subnetCidrs.isolated[i],
        availabilityZone: azName(i),
        tags: { ...name(`isolated-${suffix}`), Tier: 'isolated' },
      });
      // No default route: the isolated tier reaches only the VPC (and, per AZ, the peer VPC once the
      // multi-region stack adds its peering routes here).
      const isolatedRouteTable = new RouteTable(this, `IsolatedRouteTable${az}`, {
        vpcId: this.vpc.id,
        tags: name(`isolated-${suffix}`),
      });
      new RouteTableAssociation(this, `IsolatedRouteAssociation${az}`, {
        subnetId: iso.id,
        routeTableId: isolatedRouteTable.id,
      });
      this.isolatedSubnetIds.push(iso.id);
      this.isolatedRouteTableIds.push(isolatedRouteTable.id);
    }

    this.flowLogGroup = this.flowLogs(props);
  }

  /** VPC flow logs (all traffic) into an encrypted log group, through a role that can only write there. */
  private flowLogs(props: NetworkProps): LogGroup {
    const account = new DataAwsCallerIdentity(this, 'Account');
    const partition = new DataAwsPartition(this, 'Partition');
    const region = new DataAwsRegion(this, 'Region');
    const group = new LogGroup(this, 'FlowLogGroup', {
      name: `/aws/vpc/${props.namePrefix}/flow-logs`,
      retentionDays: props.flowLogRetentionDays,
      kmsKeyArn: props.logsKmsKeyArn,
    });

    // Only the flow-logs service, acting for a flow log of this account and region, may assume the role
    // (confused-deputy protection).
    const trust = new DataAwsIamPolicyDocument(this, 'FlowLogTrust', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }],
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] },
            {
              test: 'ArnLike',
              variable: 'aws:SourceArn',
              values: [`arn:${partition.partition}:ec2:${region.name}:${account.accountId}:vpc-flow-log/*`],
            },
          ],
        },
      ],
    });
    const role = new IamRole(this, 'FlowLogRole', {
      name: `${props.namePrefix}-vpc-flow-logs`,
      assumeRolePolicy: trust.json,
    });
    // Write access to this one log group and its streams; nothing else.
    const write = new DataAwsIamPolicyDocument(this, 'FlowLogWrite', {
      statement: [
        {
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
          resources: [group.arn, `${group.arn}:*`],
        },
      ],
    });
    new IamRolePolicy(this, 'FlowLogRolePolicy', { name: 'write-flow-log-group', role: role.id, policy: write.json });

    new FlowLog(this, 'FlowLog', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: group.arn,
      iamRoleArn: role.arn,
      tags: { Name: `${props.namePrefix}-vpc-flow-log` },
    });
    return group;
  }
}
