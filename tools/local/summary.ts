/**
 * The end-of-deploy summary, from what the APIs report (inventory.ts): endpoints, health checks,
 * failover and latency records, the peering as each region sees it, the replica and its source, and
 * the alarms of every region.
 */
import type { AppConfig } from '../../config';
import { ROUTE53_REGION } from '../lib/aws';
import type { Inventory, RegionInventory } from './inventory';
import { entryAlb, normalizeDns } from './verify';

function regionLines(r: RegionInventory): string[] {
  const d = r.deployment;
  const head = `  ${d.region} (${d.regionName}, ${d.role})  VPC ${r.vpc?.VpcId ?? '(not found)'} ${d.vpcCidr}`;
  const albs = r.loadBalancers.map(({ lb, listeners }) => {
    const ports = listeners.map((l) => `${l.Protocol}:${l.Port}`).join(', ');
    return `    ALB ${lb.LoadBalancerName} (${lb.Scheme ?? 'scheme not reported'}, ${lb.State?.Code ?? '?'})  https://${lb.DNSName}  listeners ${ports || 'none'}`;
  });
  const dbs = r.databases.map((db) => {
    const role = db.ReadReplicaSourceDBInstanceIdentifier
      ? `read replica of ${db.ReadReplicaSourceDBInstanceIdentifier}`
      : 'source';
    return `    DB ${db.DBInstanceIdentifier} ${db.Engine} ${db.EngineVersion} ${db.DBInstanceClass} Multi-AZ ${db.MultiAZ} encrypted ${db.StorageEncrypted} (${db.DBInstanceStatus}): ${role}`;
  });
  const peerings = r.peerings.map(
    (p) =>
      `    peering ${p.VpcPeeringConnectionId}: ${p.RequesterVpcInfo?.Region ?? '?'} ${p.RequesterVpcInfo?.CidrBlock ?? ''} → ${p.AccepterVpcInfo?.Region ?? '?'} ${p.AccepterVpcInfo?.CidrBlock ?? ''}, seen here as ${p.Status?.Code}`,
  );
  return [head, ...albs, ...dbs, ...peerings];
}

function alarmLines(
  region: string,
  alarms: Inventory['globalAlarms'],
  composite: Inventory['globalCompositeAlarms'],
): string[] {
  if (alarms.length === 0 && composite.length === 0) return [`  ${region}: none`];
  return [
    `  ${region}: ${alarms.length} metric, ${composite.length} composite`,
    ...alarms.map(
      (a) =>
        `    ${a.AlarmName}  ${a.Namespace} ${a.MetricName} ${a.ComparisonOperator} ${a.Threshold} (${a.StateValue})`,
    ),
    ...composite.map((a) => `    ${a.AlarmName}  composite: ${a.AlarmRule} (${a.StateValue})`),
  ];
}

/** The summary lines of a deployment. */
export function formatSummary(config: AppConfig, inv: Inventory): string[] {
  const regions = [inv.primary, inv.dr].filter((r): r is RegionInventory => r !== undefined);
  const albOf = new Map(regions.map((r) => [normalizeDns(entryAlb(r)?.DNSName), r.deployment.region]));
  const hcLines = inv.healthChecks.map((h) => {
    const c = h.HealthCheckConfig;
    const region = albOf.get(normalizeDns(c?.FullyQualifiedDomainName)) ?? 'unknown target';
    return `  ${h.Id} (${region})  ${c?.Type} ${c?.FullyQualifiedDomainName}:${c?.Port}${c?.ResourcePath ?? ''} every ${c?.RequestInterval} s, threshold ${c?.FailureThreshold}, checkers ${(c?.Regions ?? []).join(' ')}`;
  });
  const recordLines = inv.records
    .filter((r) => r.Type === 'A' || r.Type === 'AAAA' || r.Type === 'CNAME')
    .map((r) => {
      const policy = r.Failover ? `failover ${r.Failover}` : r.Region ? `latency ${r.Region}` : 'simple';
      const target = r.AliasTarget
        ? `alias ${normalizeDns(r.AliasTarget.DNSName)}`
        : (r.ResourceRecords ?? []).map((v) => v.Value).join(' ');
      const region = albOf.get(normalizeDns(r.AliasTarget?.DNSName));
      return `  ${r.Name} ${r.Type} ${policy} → ${target}${region ? ` (${region})` : ''}${r.HealthCheckId ? ` health check ${r.HealthCheckId}` : ''}`;
    });
  return [
    `Deployment ${config.namePrefix}, read back from the AWS APIs:`,
    'Regions',
    ...regions.flatMap(regionLines),
    `Health checks (Route 53)`,
    ...(hcLines.length > 0 ? hcLines : ['  none']),
    `Records in ${config.domain} (${inv.zone?.Id ?? 'zone not found'})`,
    ...(recordLines.length > 0 ? recordLines : ['  none']),
    'Alarms by region',
    ...alarmLines(ROUTE53_REGION, inv.globalAlarms, inv.globalCompositeAlarms),
    ...regions
      .filter((r) => r.deployment.region !== ROUTE53_REGION)
      .flatMap((r) => alarmLines(r.deployment.region, r.alarms, r.compositeAlarms)),
  ];
}
