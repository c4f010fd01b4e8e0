/**
 * Verification after apply, on what the APIs report (inventory.ts), against what config intends:
 * the peering is active in both regions, every private and isolated subnet of each VPC routes the
 * peer's CIDR over it, the health checks have the intended properties, `api.` PRIMARY points at the
 * writer region's ALB and SECONDARY at the other's, every database instance the roles name exists in its
 * region in its role (the writer and every retired generation standalone, the replica replicating the
 * writer, nothing else), and the Route 53 alarms live in us-east-1 (and nowhere else). The roles come from
 * config (`genai-demo:multi-region.writer-region` and the generations), so the checks hold in every state
 * of the role cycle, whichever region writes.
 * A check whose resources are not in the synthesized stacks at all is reported as skipped, with the
 * resource type it waits for, so the runner works with whatever stacks exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HealthCheck, ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { DBInstance } from '@aws-sdk/client-rds';
import type { AppConfig } from '../../config';
import { DEFAULT_HEALTH_PATH, DEFAULT_HEALTH_PORT, DEFAULT_HEALTH_SEARCH_STRING } from '../../components/health-check';
import {
  DEFAULT_DIRECT_DR_LABELS,
  DEFAULT_FAILOVER_LABEL,
  DEFAULT_LATENCY_LABEL,
} from '../../components/failover-records';
import { readManifest } from '../lib/terraform';
import { ROUTE53_METRICS_REGION } from '../../config/route53-limits';
import { fqdn } from './bootstrap';
import type { Inventory, RegionInventory } from './inventory';

/** Result of one verification check. */
export interface CheckResult {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly detail: string;
}

/** Resource types present in the synthesized stacks of `outdir` (what verification can expect). */
export function synthesizedResourceTypes(outdir: string): Set<string> {
  const types = new Set<string>();
  for (const stack of readManifest(outdir)) {
    const file = join(stack.dir, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, 'utf8')) as { resource?: Record<string, unknown> };
    for (const t of Object.keys(json.resource ?? {})) types.add(t);
  }
  return types;
}

const pass = (name: string, detail: string): CheckResult => ({ name, status: 'pass', detail });
const fail = (name: string, detail: string): CheckResult => ({ name, status: 'fail', detail });
const skip = (name: string, type: string): CheckResult => ({
  name,
  status: 'skip',
  detail: `no ${type} in the synthesized stacks`,
});

/** `Dualstack.My-Alb-1.ap-east-2.elb.amazonaws.com.` → `my-alb-1.ap-east-2.elb.amazonaws.com` */
export function normalizeDns(name: string | undefined): string {
  return (name ?? '')
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^dualstack\./, '');
}

/**
 * The internet-facing ALB of a region (the API's entry point). moto 5.2 leaves Scheme and Type out of
 * DescribeLoadBalancers, so a missing value counts as a match; an `internal` or non-application one never does.
 */
export function entryAlb(region: RegionInventory | undefined) {
  const candidates = (region?.loadBalancers ?? []).filter(
    (l) => (l.lb.Scheme ?? 'internet-facing') === 'internet-facing' && (l.lb.Type ?? 'application') === 'application',
  );
  return candidates.find((l) => l.lb.Scheme === 'internet-facing')?.lb ?? candidates[0]?.lb;
}

/** An inventory with both regions: what the multi-region checks take (verifyInventory checks that DR is deployed). */
type TwoRegionInventory = Inventory & { readonly dr: RegionInventory };

/** The region inventories as [writer region, standby region], from the roles. */
function byRole(config: AppConfig, inv: TwoRegionInventory): readonly [RegionInventory, RegionInventory] {
  const dr = inv.dr;
  return config.roles.writerRegion === dr.deployment.region ? [dr, inv.primary] : [inv.primary, dr];
}

function peeringChecks(config: AppConfig, inv: TwoRegionInventory, drRegion: string): CheckResult[] {
  const primary = inv.primary;
  const dr = inv.dr;
  const results: CheckResult[] = [];
  const pcx = primary.peerings.find(
    (p) => p.RequesterVpcInfo?.VpcId === primary.vpc?.VpcId && p.AccepterVpcInfo?.VpcId === dr.vpc?.VpcId,
  );
  const name = `peering ${config.primary.region} ⇄ ${drRegion}`;
  if (pcx === undefined)
    return [
      fail(
        `${name} exists`,
        `no peering from VPC ${primary.vpc?.VpcId ?? '(missing)'} to ${dr.vpc?.VpcId ?? '(missing)'}`,
      ),
    ];
  for (const side of [primary, dr]) {
    const seen = side.peerings.find((p) => p.VpcPeeringConnectionId === pcx.VpcPeeringConnectionId);
    const status = seen?.Status?.Code;
    results.push(
      status === 'active'
        ? pass(`${name} active in ${side.deployment.region}`, `${pcx.VpcPeeringConnectionId} active`)
        : fail(
            `${name} active in ${side.deployment.region}`,
            `${pcx.VpcPeeringConnectionId} is ${status ?? 'not visible'} in ${side.deployment.region}`,
          ),
    );
  }
  for (const [side, peer] of [
    [primary, dr],
    [dr, primary],
  ] as const) {
    const cidrs = [...side.deployment.subnetCidrs.private, ...side.deployment.subnetCidrs.isolated];
    const missing: string[] = [];
    for (const cidr of cidrs) {
      const subnet = side.subnets.find((s) => s.CidrBlock === cidr);
      const table =
        side.routeTables.find((t) => (t.Associations ?? []).some((a) => a.SubnetId === subnet?.SubnetId)) ??
        side.routeTables.find((t) => (t.Associations ?? []).some((a) => a.Main === true));
      const route = table?.Routes?.find(
        (r) =>
          r.DestinationCidrBlock === peer.deployment.vpcCidr && r.VpcPeeringConnectionId === pcx.VpcPeeringConnectionId,
      );
      if (subnet === undefined || route === undefined || (route.State !== undefined && route.State !== 'active'))
        missing.push(cidr);
    }
    const check = `${side.deployment.region} subnets route ${peer.deployment.vpcCidr} over the peering`;
    results.push(
      missing.length === 0
        ? pass(check, `${cidrs.length} private and isolated subnets`)
        : fail(check, `no active route via ${pcx.VpcPeeringConnectionId} for subnet(s) ${missing.join(', ')}`),
    );
  }
  return results;
}

function healthCheckFor(inv: Inventory, region: RegionInventory | undefined): HealthCheck | undefined {
  const dns = normalizeDns(entryAlb(region)?.DNSName);
  return dns === ''
    ? undefined
    : inv.healthChecks.find((h) => normalizeDns(h.HealthCheckConfig?.FullyQualifiedDomainName) === dns);
}

function healthCheckChecks(config: AppConfig, inv: TwoRegionInventory): CheckResult[] {
  return [inv.primary, inv.dr].map((region) => {
    const name = `health check of the ${region.deployment.region} ALB`;
    const alb = entryAlb(region);
    if (alb === undefined) return fail(name, `no internet-facing ALB in the ${region.deployment.region} VPC`);
    const hc = healthCheckFor(inv, region);
    if (hc === undefined) return fail(name, `no health check targets ${alb.DNSName}`);
    const c = hc.HealthCheckConfig;
    if (c === undefined)
      return fail(name, `health check ${hc.Id} has no HealthCheckConfig in the ListHealthChecks answer`);
    const want: Array<[string, unknown, unknown]> = [
      ['type', c.Type, 'HTTPS_STR_MATCH'],
      ['port', c.Port, DEFAULT_HEALTH_PORT],
      ['path', c.ResourcePath, DEFAULT_HEALTH_PATH],
      ['search string', c.SearchString, DEFAULT_HEALTH_SEARCH_STRING],
      ['interval', c.RequestInterval, config.multiRegion.healthCheckIntervalSeconds],
      ['failure threshold', c.FailureThreshold, config.multiRegion.healthCheckFailureThreshold],
      ['SNI', c.EnableSNI, true],
      [
        'checker regions',
        [...(c.Regions ?? [])].sort().join(','),
        [...config.multiRegion.healthCheckRegions].sort().join(','),
      ],
    ];
    const wrong = want
      .filter(([, got, exp]) => got !== exp)
      .map(([what, got, exp]) => `${what} ${JSON.stringify(got)} (want ${JSON.stringify(exp)})`);
    return wrong.length === 0
      ? pass(
          name,
          `${hc.Id}: HTTPS_STR_MATCH ${c.FullyQualifiedDomainName}:${c.Port}${c.ResourcePath} every ${c.RequestInterval} s, threshold ${c.FailureThreshold}`,
        )
      : fail(name, `${hc.Id}: ${wrong.join('; ')}`);
  });
}

function recordChecks(config: AppConfig, inv: TwoRegionInventory, drRegion: string): CheckResult[] {
  if (inv.zone === undefined) return [fail('DNS records', `no public hosted zone ${config.domain}`)];
  const byName = (label: string) =>
    inv.records.filter((r) => r.Name === fqdn(`${label}.${config.domain}`) && r.Type === 'A');
  const hcPrimary = healthCheckFor(inv, inv.primary)?.Id;
  const hcDr = healthCheckFor(inv, inv.dr)?.Id;
  const dnsPrimary = normalizeDns(entryAlb(inv.primary)?.DNSName);
  const dnsDr = normalizeDns(entryAlb(inv.dr)?.DNSName);
  const target = (r: ResourceRecordSet) => normalizeDns(r.AliasTarget?.DNSName);
  const results: CheckResult[] = [];

  // api. PRIMARY follows the writer (genai-demo:multi-region.writer-region), SECONDARY is the other region.
  const [writer, standby] = byRole(config, inv);
  const dnsWriter = normalizeDns(entryAlb(writer)?.DNSName);
  const dnsStandby = normalizeDns(entryAlb(standby)?.DNSName);
  const hcWriter = healthCheckFor(inv, writer)?.Id;
  const hcStandby = healthCheckFor(inv, standby)?.Id;
  const failover = byName(DEFAULT_FAILOVER_LABEL);
  const p = failover.filter((r) => r.Failover === 'PRIMARY');
  const s = failover.filter((r) => r.Failover === 'SECONDARY');
  const failoverName = `${DEFAULT_FAILOVER_LABEL}.${config.domain} failover records`;
  const problems: string[] = [];
  if (failover.length !== 2 || p.length !== 1 || s.length !== 1)
    problems.push(
      `${failover.length} A records (${p.length} PRIMARY, ${s.length} SECONDARY), want exactly one of each`,
    );
  if (
    p[0] &&
    (target(p[0]) !== dnsWriter || p[0].HealthCheckId !== hcWriter || p[0].AliasTarget?.EvaluateTargetHealth !== true)
  ) {
    problems.push(
      `PRIMARY → ${target(p[0])} hc ${p[0].HealthCheckId} eval ${p[0].AliasTarget?.EvaluateTargetHealth} (want the writer region ${writer.deployment.region}: ${dnsWriter} hc ${hcWriter} eval true)`,
    );
  }
  if (s[0] && (target(s[0]) !== dnsStandby || s[0].HealthCheckId !== hcStandby)) {
    problems.push(
      `SECONDARY → ${target(s[0])} hc ${s[0].HealthCheckId} (want ${standby.deployment.region}: ${dnsStandby} hc ${hcStandby})`,
    );
  }
  results.push(
    problems.length === 0
      ? pass(
          failoverName,
          `PRIMARY → ${dnsWriter} (writer, ${writer.deployment.region}), SECONDARY → ${dnsStandby} (${standby.deployment.region}), each with its health check`,
        )
      : fail(failoverName, problems.join('; ')),
  );

  const latency = byName(DEFAULT_LATENCY_LABEL);
  const latencyName = `${DEFAULT_LATENCY_LABEL}.${config.domain} latency records`;
  const latencyProblems: string[] = [];
  for (const [region, dns, hc] of [
    [config.primary.region, dnsPrimary, hcPrimary],
    [drRegion, dnsDr, hcDr],
  ] as const) {
    const recs = latency.filter((r) => r.Region === region);
    if (recs.length !== 1 || target(recs[0]) !== dns || recs[0].HealthCheckId !== hc) {
      latencyProblems.push(
        `${region}: ${recs.length} record(s)${recs[0] ? ` → ${target(recs[0])} hc ${recs[0].HealthCheckId}` : ''} (want 1 → ${dns} hc ${hc})`,
      );
    }
  }
  if (latency.length !== 2) latencyProblems.push(`${latency.length} A records, want 2`);
  results.push(
    latencyProblems.length === 0
      ? pass(latencyName, 'one per region, each to its ALB with its health check')
      : fail(latencyName, latencyProblems.join('; ')),
  );

  for (const label of [DEFAULT_DIRECT_DR_LABELS.dr, DEFAULT_DIRECT_DR_LABELS.apiDr]) {
    const recs = byName(label);
    const name = `${label}.${config.domain} → DR ALB`;
    results.push(
      recs.length === 1 && target(recs[0]) === dnsDr
        ? pass(name, dnsDr)
        : fail(name, `${recs.length} record(s)${recs[0] ? ` → ${target(recs[0])}` : ''} (want 1 → ${dnsDr})`),
    );
  }
  return results;
}

const isReplica = (db: DBInstance) =>
  db.ReadReplicaSourceDBInstanceIdentifier !== undefined && db.ReadReplicaSourceDBInstanceIdentifier !== '';

/**
 * Every database instance of both regions against the roles: each instance config plans (the current
 * generation and the retired ones kept) exists in its region; the writer and the retired generations are
 * standalone (a retired one is fenced: RDS can never make a promoted instance a replica again); the
 * replica replicates the writer (its ARN, or its identifier as moto may report it); and no other instance
 * sits in either VPC (a generation config no longer names, still running).
 */
function databaseChecks(config: AppConfig, inv: TwoRegionInventory): CheckResult[] {
  const regions = [inv.primary, inv.dr];
  const writerRegion = regions.find((r) => r.deployment.region === config.roles.writer.region);
  const writerDb = writerRegion?.databases.find((d) => d.DBInstanceIdentifier === config.roles.writer.identifier);
  const results: CheckResult[] = [];
  for (const region of regions) {
    const where = region.deployment.region;
    const planned = new Set<string>();
    for (const plan of region.deployment.database.instances) {
      planned.add(plan.identifier);
      const name = `database ${plan.identifier} (${where}) is the ${plan.role === 'fenced' ? 'retired generation, standalone' : plan.role}`;
      const db = region.databases.find((d) => d.DBInstanceIdentifier === plan.identifier);
      if (db === undefined) {
        results.push(fail(name, `no DB instance ${plan.identifier} in the ${where} VPC`));
      } else if (plan.role !== 'replica') {
        results.push(
          isReplica(db)
            ? fail(
                name,
                `${plan.identifier} is a read replica of ${db.ReadReplicaSourceDBInstanceIdentifier}, want a standalone instance`,
              )
            : pass(
                name,
                `${db.DBInstanceArn ?? plan.identifier} standalone${plan.role === 'fenced' ? `, deletion protection ${db.DeletionProtection === true ? 'on' : 'off'}` : ''}`,
              ),
        );
      } else {
        const src = db.ReadReplicaSourceDBInstanceIdentifier;
        const want =
          writerDb?.DBInstanceArn ??
          `the writer ${config.roles.writer.identifier} (${config.roles.writer.region}, not found)`;
        results.push(
          writerDb !== undefined && (src === writerDb.DBInstanceArn || src === writerDb.DBInstanceIdentifier)
            ? pass(name, `${plan.identifier} ← ${writerDb.DBInstanceArn}`)
            : fail(name, `${plan.identifier} replicates ${src ?? 'nothing (standalone)'}, want ${want}`),
        );
      }
    }
    const unplanned = region.databases.filter((d) => !planned.has(d.DBInstanceIdentifier ?? ''));
    const name = `no other database in the ${where} VPC`;
    results.push(
      unplanned.length === 0
        ? pass(name, `${planned.size} planned instance(s)`)
        : fail(
            name,
            `not in the roles: ${unplanned.map((d) => `${d.DBInstanceIdentifier}${isReplica(d) ? ` (replica of ${d.ReadReplicaSourceDBInstanceIdentifier})` : ''}`).join(', ')}`,
          ),
    );
  }
  return results;
}

function alarmChecks(inv: TwoRegionInventory, types: Set<string>): CheckResult[] {
  const hcIds = new Set(
    [healthCheckFor(inv, inv.primary)?.Id, healthCheckFor(inv, inv.dr)?.Id].filter((x): x is string => x !== undefined),
  );
  const isR53 = (a: { Namespace?: string }) => a.Namespace === 'AWS/Route53';
  const global = inv.globalAlarms.filter(isR53);
  const onHc = global.filter((a) =>
    (a.Dimensions ?? []).some((d) => d.Name === 'HealthCheckId' && hcIds.has(d.Value ?? '')),
  );
  const results: CheckResult[] = [];
  const name = `Route 53 alarms in ${ROUTE53_METRICS_REGION}`;
  const covered = [...hcIds].filter((id) => onHc.some((a) => a.Dimensions?.some((d) => d.Value === id)));
  results.push(
    hcIds.size === 2 && covered.length === 2
      ? pass(name, `${onHc.length} alarm(s) on both health checks: ${onHc.map((a) => a.AlarmName).join(', ')}`)
      : fail(
          name,
          `alarms cover ${covered.length} of ${hcIds.size} health checks (${global.length} AWS/Route53 alarms in ${ROUTE53_METRICS_REGION})`,
        ),
  );
  const elsewhere = [inv.primary, inv.dr]
    .filter((r) => r.deployment.region !== ROUTE53_METRICS_REGION)
    .flatMap((r) => r.alarms.filter(isR53).map((a) => `${a.AlarmName} (${r.deployment.region})`));
  results.push(
    elsewhere.length === 0
      ? pass('no Route 53 alarm outside us-east-1', 'Route 53 publishes its metrics only in us-east-1')
      : fail('no Route 53 alarm outside us-east-1', `these can never leave INSUFFICIENT_DATA: ${elsewhere.join(', ')}`),
  );
  if (types.has('aws_cloudwatch_composite_alarm')) {
    const names = new Set(onHc.map((a) => a.AlarmName));
    const composite = inv.globalCompositeAlarms.find(
      (c) => [...names].filter((n) => n && (c.AlarmRule ?? '').includes(n)).length >= 2,
    );
    results.push(
      composite
        ? pass(
            `composite "both regions down" alarm in ${ROUTE53_METRICS_REGION}`,
            `${composite.AlarmName}: ${composite.AlarmRule}`,
          )
        : fail(
            `composite "both regions down" alarm in ${ROUTE53_METRICS_REGION}`,
            `no composite alarm whose rule names both health-check alarms (${inv.globalCompositeAlarms.length} composite alarms)`,
          ),
    );
  }
  return results;
}

/** Every verification check of a deployment; `types` says which resources the synthesized stacks hold. */
export function verifyInventory(config: AppConfig, inv: Inventory, types: Set<string>): CheckResult[] {
  const results: CheckResult[] = [];
  const vpcName = (r: RegionInventory) => `VPC ${r.deployment.vpcCidr} in ${r.deployment.region}`;
  for (const region of [inv.primary, inv.dr].filter((r): r is RegionInventory => r !== undefined)) {
    if (!types.has('aws_vpc')) results.push(skip(vpcName(region), 'aws_vpc'));
    else results.push(region.vpc ? pass(vpcName(region), region.vpc.VpcId ?? '') : fail(vpcName(region), 'not found'));
  }
  if (config.dr === undefined || inv.dr === undefined) {
    results.push({ name: 'multi-region checks', status: 'skip', detail: 'DR is not deployed in this configuration' });
    return results;
  }
  const both: TwoRegionInventory = { ...inv, dr: inv.dr };
  const drRegion = config.dr.region;
  if (types.has('aws_vpc_peering_connection')) results.push(...peeringChecks(config, both, drRegion));
  else results.push(skip('VPC peering and routes', 'aws_vpc_peering_connection'));
  if (types.has('aws_route53_health_check')) results.push(...healthCheckChecks(config, both));
  else results.push(skip('health checks', 'aws_route53_health_check'));
  if (types.has('aws_route53_record') && types.has('aws_route53_health_check'))
    results.push(...recordChecks(config, both, drRegion));
  else results.push(skip('failover, latency and DR records', 'aws_route53_record'));
  if (types.has('aws_db_instance')) results.push(...databaseChecks(config, both));
  else results.push(skip('databases in their roles', 'aws_db_instance'));
  if (types.has('aws_cloudwatch_metric_alarm') && types.has('aws_route53_health_check'))
    results.push(...alarmChecks(both, types));
  else results.push(skip('Route 53 alarms', 'aws_cloudwatch_metric_alarm'));
  return results;
}

/** Table lines: `PASS  name  detail`. */
export function formatChecks(results: readonly CheckResult[]): string[] {
  const width = Math.max(...results.map((r) => r.name.length));
  return results.map((r) => `  ${r.status.toUpperCase().padEnd(4)}  ${r.name.padEnd(width)}  ${r.detail}`);
}
