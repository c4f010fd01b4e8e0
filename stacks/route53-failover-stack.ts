import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { regionalProvider } from '../components/aws-provider';
import { CLOUDWATCH_ALARMS_PUBLISHER, EncryptedTopic } from '../components/encrypted-topic';
import { FailoverAlarms } from '../components/failover-alarms';
import { FailoverDashboard } from '../components/failover-dashboard';
import { DatabaseDns } from '../components/database-dns';
import { FailoverRecords } from '../components/failover-records';
import { EndpointHealthCheck } from '../components/health-check';
import { GenaiDemoStack, type GenaiDemoStackProps } from './genai-demo-stack';
import type { RegionStackOutputs } from './region-outputs';
import { ROUTE53_METRICS_REGION } from '../config/route53-limits';

/** Alias of the provider the CloudWatch alarms, their topic and the dashboard use. */
export const US_EAST_1_PROVIDER_ALIAS = 'us-east-1';
/** RegionRole / Region tag value of this stack's resources: Route 53 records and checks belong to no region. */
export const GLOBAL_TAG_VALUE = 'global';

export interface Route53FailoverStackProps extends GenaiDemoStackProps {
  /** The primary region's stack: its ALB (PRIMARY / latency target) and the hosted zone. */
  readonly primary: RegionStackOutputs;
  /** The DR region's stack: its ALB (SECONDARY / latency / direct target). */
  readonly dr: RegionStackOutputs;
}

/**
 * DNS failover: health checks of both regions' ALBs, the failover (PRIMARY: the writer region, from
 * genai-demo:multi-region.writer-region), latency and direct DR records, the private zone whose CNAME gives
 * the application one database host name that follows the writer, and in
 * us-east-1 (where Route 53 publishes its metrics) the failover alarms, their encrypted topic and the
 * failover dashboard.
 *
 * No resource or data source here calls the primary region's API: Route 53 is global and the default
 * provider is us-east-1, so the stack can be planned and applied while ap-east-2 is down, which is when
 * operators need it. (The regional stacks' values arrive through terraform_remote_state.)
 */
export class Route53FailoverStack extends GenaiDemoStack {
  /** Health check of the primary region's ALB. */
  readonly primaryHealthCheckId: string;
  /** Health check of the DR region's ALB. */
  readonly drHealthCheckId: string;
  /** `api.<domain>`. */
  readonly failoverRecordName: string;
  /** `api-latency.<domain>`. */
  readonly latencyRecordName: string;
  /** ARN of the failover alerts topic (us-east-1). */
  readonly failoverTopicArn: string;

  constructor(scope: Construct, id: string, props: Route53FailoverStackProps) {
    super(scope, id, props);
    const { config, primary, dr } = props;
    const multi = config.multiRegion;
    const tags = { ...primary.deployment.tags, RegionRole: GLOBAL_TAG_VALUE, Region: GLOBAL_TAG_VALUE };

    // Route 53 is global: the default provider's region only has to be reachable, and must not be the
    // primary region, which may be the one that is down.
    regionalProvider(this, 'Aws', { region: ROUTE53_METRICS_REGION, tags });
    const usEast1 = regionalProvider(this, 'AwsUsEast1', {
      region: ROUTE53_METRICS_REGION,
      tags,
      alias: US_EAST_1_PROVIDER_ALIAS,
    });

    const healthCheck = (checkId: string, region: RegionStackOutputs) =>
      new EndpointHealthCheck(this, checkId, {
        name: `${region.deployment.namePrefix}-api`,
        fqdn: region.loadBalancer.dnsName,
        requestIntervalSeconds: multi.healthCheckIntervalSeconds,
        failureThreshold: multi.healthCheckFailureThreshold,
        checkerRegions: multi.healthCheckRegions,
      });
    const primaryCheck = healthCheck('PrimaryHealthCheck', primary);
    // The DR check's id predates the word `dr` and is kept (an id is the address).
    const drCheck = healthCheck('SecondaryHealthCheck', dr);

    const endpoint = (region: RegionStackOutputs, check: EndpointHealthCheck) => ({
      region: region.deployment.region,
      albDnsName: region.loadBalancer.dnsName,
      albZoneId: region.loadBalancer.zoneId,
      healthCheckId: check.healthCheckId,
    });
    const records = new FailoverRecords(this, 'Records', {
      zoneId: primary.hostedZoneId,
      domain: config.domain,
      primary: endpoint(primary, primaryCheck),
      dr: endpoint(dr, drCheck),
      writer: primary.deployment.isWriter ? 'primary' : 'dr',
    });

    // The application's one database name, following the writer. Owned here because this stack needs no
    // API of either region (Route 53 is global): a recovery applies it with the lost region unreachable.
    const writerStack = primary.deployment.isWriter ? primary : dr;
    const writerDb = writerStack.database.current;
    const dns = config.roles.databaseDns;
    if (dns === undefined || writerDb === undefined) {
      throw new Error(
        `Route53FailoverStack: the writer region ${writerStack.deployment.region} has no current database`,
      );
    }
    const databaseDns = new DatabaseDns(this, 'DatabaseDns', {
      zoneName: dns.zoneName,
      recordName: dns.recordName,
      vpcs: [primary, dr].map((r) => ({ vpcId: r.vpcId, region: r.deployment.region })),
      writerAddress: writerDb.address,
    });

    const topic = new EncryptedTopic(this, 'FailoverAlerts', {
      provider: usEast1,
      topicName: `${config.namePrefix}-failover-alerts`,
      publisherServices: [CLOUDWATCH_ALARMS_PUBLISHER],
      emails: multi.alertEmails,
    });

    const monitored = (region: RegionStackOutputs, check: EndpointHealthCheck) => ({
      regionName: region.deployment.regionName,
      region: region.deployment.region,
      healthCheckId: check.healthCheckId,
    });
    const alarms = new FailoverAlarms(this, 'Alarms', {
      provider: usEast1,
      namePrefix: config.namePrefix,
      failoverName: records.failoverName,
      primary: monitored(primary, primaryCheck),
      dr: monitored(dr, drCheck),
      topicArn: topic.topicArn,
    });

    new FailoverDashboard(this, 'Dashboard', {
      provider: usEast1,
      metricsRegion: ROUTE53_METRICS_REGION,
      dashboardName: `${config.namePrefix}-failover`,
      primary: monitored(primary, primaryCheck),
      dr: monitored(dr, drCheck),
      hostedZoneId: primary.hostedZoneId,
      domain: config.domain,
      alarmArns: [alarms.primaryAlarm.arn, alarms.drAlarm.arn, alarms.bothRegionsDownAlarm.arn],
    });

    this.primaryHealthCheckId = primaryCheck.healthCheckId;
    this.drHealthCheckId = drCheck.healthCheckId;
    this.failoverRecordName = records.failoverName;
    this.latencyRecordName = records.latencyName;
    this.failoverTopicArn = topic.topicArn;

    // Read by the failover drill tool: names are a contract (`secondary_*` is the DR region's).
    const outputs: Record<string, { value: string; description: string }> = {
      primary_health_check_id: {
        value: this.primaryHealthCheckId,
        description: 'Route 53 health check of the primary ALB',
      },
      secondary_health_check_id: { value: this.drHealthCheckId, description: 'Route 53 health check of the DR ALB' },
      hosted_zone_id: { value: primary.hostedZoneId, description: `Public hosted zone of ${config.domain}` },
      failover_record_name: { value: this.failoverRecordName, description: 'Failover name (PRIMARY/SECONDARY)' },
      latency_record_name: { value: this.latencyRecordName, description: 'Latency-routed name' },
      primary_alb_dns_name: { value: primary.loadBalancer.dnsName, description: 'DNS name of the primary ALB' },
      secondary_alb_dns_name: { value: dr.loadBalancer.dnsName, description: 'DNS name of the DR ALB' },
      failover_topic_arn: { value: this.failoverTopicArn, description: 'SNS topic of the failover alarms (us-east-1)' },
      database_host: {
        value: databaseDns.hostName,
        description: 'Stable database host name (private zone, follows the writer)',
      },
      database_zone_id: {
        value: databaseDns.zone.zoneId,
        description: 'Private hosted zone of the database host name',
      },
    };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output).overrideLogicalId(name);
    }
  }
}
