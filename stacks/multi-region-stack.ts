import type { Construct } from 'constructs';
import { regionalProvider } from '../components/aws-provider';
import { CLOUDWATCH_ALARMS_PUBLISHER, EncryptedTopic, RDS_EVENTS_PUBLISHER } from '../components/encrypted-topic';
import { MultiRegionDashboard } from '../components/multi-region-dashboard';
import {
  PEERING_METRIC_DIMENSION,
  PEERING_METRIC_NAME,
  PEERING_METRIC_NAMESPACE,
  PeeringStatusMonitor,
} from '../components/peering-status-monitor';
import { ReplicationMonitoring } from '../components/replication-monitoring';
import { VpcPeering, type PeeringSide } from '../components/vpc-peering';
import { GenaiDemoStack, type GenaiDemoStackProps } from './genai-demo-stack';
import type { RegionStackOutputs } from './region-outputs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';

export interface MultiRegionStackProps extends GenaiDemoStackProps {
  /** The primary region's stack outputs (read through remote state). */
  readonly primary: RegionStackOutputs;
  /** The DR region's stack outputs (read through remote state). */
  readonly dr: RegionStackOutputs;
}

/**
 * Cross-region coordination (state in the primary region): VPC peering between the two regions and
 * the monitoring of the link and of replication, plus the multi-region dashboard. Deployed after both
 * region stacks, whose outputs (VPC, route tables, security groups, database, ALB) it reads through
 * `terraform_remote_state`.
 *
 * | Resource | Region | When |
 * |---|---|---|
 * | peering requester, routes, SG rules, DNS option | primary | enable-cross-region-peering |
 * | peering accepter, routes, SG rules, DNS option | DR | enable-cross-region-peering |
 * | peering-status function, schedule, alarm | primary | enable-cross-region-peering |
 * | topic `<primary>-primary-multi-region-alerts` | primary | peering or replication |
 * | topic `<dr>-replication-notifications` | DR | enable-cross-region-replication |
 * | ReplicaLag alarm, replica event subscription | the standby region (not writer-region) | enable-cross-region-replication |
 * | source (writer) database event subscription | writer-region | enable-cross-region-replication |
 * | dashboard `<prefix>-multi-region` | primary | always |
 */
export class MultiRegionStack extends GenaiDemoStack {
  /** The peering connection id, when peering is enabled. */
  readonly vpcPeeringConnectionId?: string;
  /** ARN of the primary region's multi-region alerts topic, when one is created. */
  readonly alertsTopicArn?: string;

  constructor(scope: Construct, id: string, props: MultiRegionStackProps) {
    super(scope, id, props);
    const { config } = props;
    const settings = config.multiRegion;
    const p = props.primary.deployment;
    const d = props.dr.deployment;
    const primaryProvider = regionalProvider(this, 'Primary', { region: p.region, tags: p.tags, alias: 'primary' });
    const drProvider = regionalProvider(this, 'Dr', { region: d.region, tags: d.tags, alias: 'dr' });
    const peeringEnabled = settings.enableCrossRegionPeering;
    const replicationEnabled = settings.enableCrossRegionReplication;

    const alerts =
      peeringEnabled || replicationEnabled
        ? new EncryptedTopic(this, 'MultiRegionAlerts', {
            provider: primaryProvider,
            topicName: `${p.namePrefix}-primary-multi-region-alerts`,
            publisherServices: replicationEnabled
              ? [CLOUDWATCH_ALARMS_PUBLISHER, RDS_EVENTS_PUBLISHER]
              : [CLOUDWATCH_ALARMS_PUBLISHER],
            emails: settings.alertEmails,
          })
        : undefined;
    this.alertsTopicArn = alerts?.topicArn;

    let peeringMonitor: PeeringStatusMonitor | undefined;
    // alerts exists whenever peering or replication is on.
    if (peeringEnabled && alerts) {
      const peering = new VpcPeering(this, 'VpcPeering', {
        requester: peeringSide(props.primary, primaryProvider, `${p.namePrefix}-to-${d.region}`),
        accepter: peeringSide(props.dr, drProvider, `${d.namePrefix}-from-${p.region}`),
      });
      this.vpcPeeringConnectionId = peering.connectionId;
      peeringMonitor = new PeeringStatusMonitor(this, 'PeeringStatus', {
        provider: primaryProvider,
        region: p.region,
        vpcPeeringConnectionId: peering.connectionId,
        functionName: `${p.namePrefix}-peering-status`,
        alarmName: `${p.namePrefix}-vpc-peering-inactive`,
        alarmTopicArn: alerts.topicArn,
        logRetentionDays: p.logRetentionDays,
        metricNamespace: PEERING_METRIC_NAMESPACE,
      });
    }

    // Replication runs from the writer to the other region (config.roles): the lag alarm and the replica's
    // event subscription live where the replica is, the source's subscription where the writer is. RDS
    // event subscriptions publish only to a topic of their own region: each region's goes to its topic.
    let replication: { region: string; replicaIdentifier: string } | undefined;
    if (replicationEnabled && alerts) {
      const notifications = new EncryptedTopic(this, 'ReplicationNotifications', {
        provider: drProvider,
        topicName: `${d.namePrefix}-replication-notifications`,
        publisherServices: [CLOUDWATCH_ALARMS_PUBLISHER, RDS_EVENTS_PUBLISHER],
        emails: settings.alertEmails,
      });
      const sides = {
        primary: { id: 'PrimaryRegion', stack: props.primary, provider: primaryProvider, topicArn: alerts.topicArn },
        dr: { id: 'DrRegion', stack: props.dr, provider: drProvider, topicArn: notifications.topicArn },
      };
      const [writer, standby] = p.isWriter ? [sides.primary, sides.dr] : [sides.dr, sides.primary];
      const source = writer.stack.database.current;
      const replica = standby.stack.database.current;
      if (source === undefined || replica === undefined) {
        throw new Error(
          `MultiRegionStack: replication is on but ${source === undefined ? writer.stack.deployment.region : standby.stack.deployment.region} has no current database`,
        );
      }
      const endpoint = (side: typeof writer, identifier: string, subscriptionName: string) => ({
        id: side.id,
        provider: side.provider,
        instanceIdentifier: identifier,
        topicArn: side.topicArn,
        subscriptionName,
      });
      new ReplicationMonitoring(this, 'Replication', {
        replica: endpoint(standby, replica.identifier, `${standby.stack.deployment.namePrefix}-replica-events`),
        source: endpoint(writer, source.identifier, `${writer.stack.deployment.namePrefix}-source-db-events`),
        lagAlarmName: `${standby.stack.deployment.namePrefix}-replica-lag`,
        lagThresholdSeconds: settings.replicaLagAlarmSeconds,
        rpoTargetSeconds: config.recoveryBudget.rpo.targetSeconds,
        // The addresses of the first release, when ids named the default roles (replica in DR, source in primary).
        movedFrom: {
          lagAlarm:
            standby === sides.dr ? 'aws_cloudwatch_metric_alarm.Replication_ReplicaLagAlarm_2F28DF52' : undefined,
          events: {
            DrRegion: 'aws_db_event_subscription.Replication_ReplicaEvents_52A59FF4',
            PrimaryRegion: 'aws_db_event_subscription.Replication_SourceEvents_53896AB8',
          },
        },
      });
      replication = { region: standby.stack.deployment.region, replicaIdentifier: replica.identifier };
    }

    new MultiRegionDashboard(this, 'Dashboard', {
      provider: primaryProvider,
      dashboardName: `${config.namePrefix}-multi-region`,
      primary: {
        region: p.region,
        regionName: p.regionName,
        loadBalancerArnSuffix: props.primary.loadBalancer.arnSuffix,
      },
      dr: { region: d.region, regionName: d.regionName, loadBalancerArnSuffix: props.dr.loadBalancer.arnSuffix },
      peering:
        peeringMonitor !== undefined && this.vpcPeeringConnectionId !== undefined
          ? {
              region: p.region,
              namespace: peeringMonitor.metricNamespace,
              metricName: PEERING_METRIC_NAME,
              dimensionName: PEERING_METRIC_DIMENSION,
              vpcPeeringConnectionId: this.vpcPeeringConnectionId,
            }
          : undefined,
      replication:
        replication !== undefined ? { ...replication, thresholdSeconds: settings.replicaLagAlarmSeconds } : undefined,
    });
  }
}

/** One region's side of the peering, from its stack outputs and resolved configuration. */
function peeringSide(region: RegionStackOutputs, provider: AwsProvider, name: string): PeeringSide {
  const d = region.deployment;
  return {
    provider,
    region: d.region,
    regionName: d.regionName,
    name,
    vpcId: region.vpcId,
    vpcCidr: d.vpcCidr,
    appSubnetCidrs: d.subnetCidrs.private,
    databaseSubnetCidrs: d.subnetCidrs.isolated,
    privateRouteTableIds: region.privateRouteTableIds,
    isolatedRouteTableIds: region.isolatedRouteTableIds,
    appSecurityGroupId: region.appSecurityGroupId,
    databaseSecurityGroupId: region.databaseSecurityGroupId,
    databasePort: region.database.port,
  };
}
