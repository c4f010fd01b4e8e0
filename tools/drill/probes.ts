/**
 * The observations the drill makes, each returning a verdict and a one-line detail. A probe that
 * cannot see anything says why (`not-observable`: the endpoint cannot show it; `not-available`: an
 * output or a state object is missing) and never fills in a value.
 */
import { GetMetricStatisticsCommand, type GetMetricStatisticsCommandOutput } from '@aws-sdk/client-cloudwatch';
import {
  DescribeVpcPeeringConnectionsCommand,
  type DescribeVpcPeeringConnectionsCommandOutput,
} from '@aws-sdk/client-ec2';
import {
  GetHealthCheckCommand,
  GetHealthCheckStatusCommand,
  GetHostedZoneCommand,
  TestDNSAnswerCommand,
  type GetHealthCheckCommandOutput,
  type GetHealthCheckStatusCommandOutput,
  type GetHostedZoneCommandOutput,
  type TestDNSAnswerCommandOutput,
} from '@aws-sdk/client-route-53';
import type { AppConfig } from '../../config';
import { ROUTE53_API_REGION, describeError, httpStatusOf, type AwsGateway } from './aws';
import type { EndpointInfo } from './endpoint';
import type { Net } from './net';
import type { FailoverOutputName, FailoverOutputs } from './outputs';

/** The outcome of one observation. */
export type Verdict = 'pass' | 'fail' | 'not-observable' | 'not-available';

export interface Observation<T = undefined> {
  readonly verdict: Verdict;
  readonly detail: string;
  /** What was observed, when something was. */
  readonly value?: T;
}

/** Which region a DNS answer points at, from the load balancers' current addresses. */
export type AnswerTarget = 'primary' | 'secondary' | 'both' | 'unknown' | 'empty';

/** Everything a probe needs. */
export interface ProbeContext {
  /** The resolved configuration (domain, regions, thresholds). */
  readonly config: AppConfig;
  /** The failover stack's outputs. */
  readonly outputs: FailoverOutputs;
  /** Every AWS call goes through it (dry-run aware). */
  readonly aws: AwsGateway;
  /** HTTPS and DNS probes. */
  readonly net: Net;
  /** AWS or the local emulator. */
  readonly endpoint: EndpointInfo;
  /** Timeout of each HTTPS GET. */
  readonly httpTimeoutMs: number;
  /** Skip TLS certificate verification of the health endpoints. */
  readonly insecure: boolean;
  /** Where dry-run lines go. */
  readonly print: (line: string) => void;
}

/** Route 53 considers an endpoint healthy when more than 18% of its checkers report it healthy. */
export const HEALTHY_CHECKER_FRACTION = 0.18;

/** The health body the failover stack's health checks search for. */
const UP_BODY = /"status"\s*:\s*"UP"/;

const DRY_RUN: Observation<never> = { verdict: 'not-observable', detail: 'dry run: not called' };

function missing(name: FailoverOutputName, ctx: ProbeContext): Observation<never> {
  const why = ctx.outputs.error ? `${name}: failover stack outputs not read (see above)` : `output ${name} is missing from ${ctx.outputs.source}`;
  return { verdict: 'not-available', detail: why };
}

function emulatorCannot(what: string): Observation<never> {
  return { verdict: 'not-observable', detail: `emulator: ${what}` };
}

/** The failover record's name: the output, else `api.<domain>` (the spec's name), said as such. */
export function failoverRecordName(ctx: Pick<ProbeContext, 'outputs' | 'config'>): string {
  return ctx.outputs.values.failover_record_name ?? `api.${ctx.config.domain}`;
}

/** The latency record's name: the output, else `api-latency.<domain>`. */
export function latencyRecordName(ctx: Pick<ProbeContext, 'outputs' | 'config'>): string {
  return ctx.outputs.values.latency_record_name ?? `api-latency.${ctx.config.domain}`;
}

/**
 * HTTPS GET /actuator/health of one region's load balancer, with the public name as TLS server name
 * and Host header (`api.<domain>` for the primary, `api-dr.<domain>` for DR, the spec's names), so the
 * region is tested directly whatever DNS currently says.
 */
export async function probeHealthEndpoint(ctx: ProbeContext, role: 'primary' | 'secondary'): Promise<Observation<number>> {
  const output = role === 'primary' ? 'primary_alb_dns_name' : 'secondary_alb_dns_name';
  const host = ctx.outputs.values[output];
  const serverName = role === 'primary' ? failoverRecordName(ctx) : `api-dr.${ctx.config.domain}`;
  if (ctx.endpoint.emulator) return emulatorCannot('no application answers behind the emulated load balancer');
  if (ctx.aws.dryRun) {
    ctx.print(`  would GET https://${host ?? `<${output}>`}/actuator/health (TLS name and Host ${serverName}, timeout ${ctx.httpTimeoutMs} ms)`);
    return DRY_RUN;
  }
  if (host === undefined) return missing(output, ctx);
  try {
    const res = await ctx.net.httpsGet({
      host,
      serverName,
      path: '/actuator/health',
      timeoutMs: ctx.httpTimeoutMs,
      insecure: ctx.insecure,
    });
    const up = UP_BODY.test(res.body);
    const ok = res.status === 200 && up;
    return {
      verdict: ok ? 'pass' : 'fail',
      value: res.status,
      detail: `HTTP ${res.status} in ${res.elapsedMs} ms${up ? ', "status":"UP"' : ', no "status":"UP" in the body'} (${serverName} via ${host})`,
    };
  } catch (err) {
    return { verdict: 'fail', detail: `${serverName} via ${host}: ${describeError(err)}` };
  }
}

/** The health check's own settings: an inverted or disabled check means failover cannot work as designed. */
export async function probeHealthCheckConfig(
  ctx: ProbeContext,
  output: 'primary_health_check_id' | 'secondary_health_check_id',
): Promise<Observation<{ inverted: boolean; disabled: boolean }>> {
  const id = ctx.outputs.values[output];
  if (id === undefined && !ctx.aws.dryRun) return missing(output, ctx);
  try {
    const out = await ctx.aws.send<GetHealthCheckCommandOutput>(
      'route53',
      ROUTE53_API_REGION,
      new GetHealthCheckCommand({ HealthCheckId: id ?? `<${output}>` }),
    );
    if (out === undefined) return DRY_RUN;
    const cfg = out.HealthCheck?.HealthCheckConfig;
    const inverted = cfg?.Inverted === true;
    const disabled = cfg?.Disabled === true;
    const problems = [inverted && 'INVERTED (a drill did not restore it?)', disabled && 'DISABLED (Route 53 treats it as healthy)'].filter(Boolean);
    return {
      verdict: problems.length === 0 ? 'pass' : 'fail',
      value: { inverted, disabled },
      detail: `${id}: ${problems.length === 0 ? 'not inverted, not disabled' : problems.join(', ')}; ${cfg?.Type ?? '?'} ${cfg?.FullyQualifiedDomainName ?? ''}${cfg?.ResourcePath ?? ''}`,
    };
  } catch (err) {
    return { verdict: 'fail', detail: `${id}: ${describeError(err)}` };
  }
}

/**
 * What Route 53's checkers report (GetHealthCheckStatus). Healthy when more than 18% of them report
 * success, as Route 53 decides. On the emulator the answer is canned and reported as not observable.
 */
export async function probeHealthCheckStatus(
  ctx: ProbeContext,
  output: 'primary_health_check_id' | 'secondary_health_check_id',
): Promise<Observation<'healthy' | 'unhealthy'>> {
  const id = ctx.outputs.values[output];
  if (id === undefined && !ctx.aws.dryRun) return missing(output, ctx);
  try {
    const out = await ctx.aws.send<GetHealthCheckStatusCommandOutput>(
      'route53',
      ROUTE53_API_REGION,
      new GetHealthCheckStatusCommand({ HealthCheckId: id ?? `<${output}>` }),
    );
    if (out === undefined) return DRY_RUN;
    const reports = (out.HealthCheckObservations ?? []).map((o) => o.StatusReport?.Status ?? '');
    if (reports.length === 0) return { verdict: 'fail', detail: `${id}: no checker has reported yet` };
    const ok = reports.filter((s) => s.startsWith('Success')).length;
    const state = ok / reports.length > HEALTHY_CHECKER_FRACTION ? 'healthy' : 'unhealthy';
    const summary = `${ok}/${reports.length} checkers report success`;
    if (ctx.endpoint.emulator) {
      return { verdict: 'not-observable', detail: `emulator: canned answer (${summary}: "${reports[0].slice(0, 40)}"), not a measurement` };
    }
    return { verdict: state === 'healthy' ? 'pass' : 'fail', value: state, detail: `${state}: ${summary}` };
  } catch (err) {
    return { verdict: 'fail', detail: `${id}: ${describeError(err)}` };
  }
}

/**
 * The Route 53 `HealthCheckStatus` metric (us-east-1, 1 healthy / 0 unhealthy): the status Route 53
 * routes on. The latest one-minute minimum since `since`.
 */
export async function probeHealthCheckMetric(
  ctx: ProbeContext,
  output: 'primary_health_check_id' | 'secondary_health_check_id',
  since: Date,
  now: Date,
): Promise<Observation<'healthy' | 'unhealthy'>> {
  const id = ctx.outputs.values[output];
  if (id === undefined && !ctx.aws.dryRun) return missing(output, ctx);
  try {
    const out = await ctx.aws.send<GetMetricStatisticsCommandOutput>(
      'cloudwatch',
      ROUTE53_API_REGION,
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/Route53',
        MetricName: 'HealthCheckStatus',
        Dimensions: [{ Name: 'HealthCheckId', Value: id ?? `<${output}>` }],
        StartTime: since,
        EndTime: now,
        Period: 60,
        Statistics: ['Minimum'],
      }),
    );
    if (out === undefined) return DRY_RUN;
    const latest = [...(out.Datapoints ?? [])].sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0];
    if (latest?.Minimum === undefined) {
      return { verdict: 'not-observable', detail: ctx.endpoint.emulator ? 'emulator: publishes no Route 53 metrics' : 'no datapoint yet' };
    }
    const state = latest.Minimum >= 1 ? 'healthy' : 'unhealthy';
    return { verdict: state === 'healthy' ? 'pass' : 'fail', value: state, detail: `${state} (HealthCheckStatus ${latest.Minimum} at ${latest.Timestamp?.toISOString()})` };
  } catch (err) {
    return { verdict: 'fail', detail: describeError(err) };
  }
}

/** Route 53's own answer for `name` (TestDNSAnswer, type A). */
export async function probeRoute53Answer(ctx: ProbeContext, name: string): Promise<Observation<string[]>> {
  const zone = ctx.outputs.values.hosted_zone_id;
  if (zone === undefined && !ctx.aws.dryRun) return missing('hosted_zone_id', ctx);
  try {
    const out = await ctx.aws.send<TestDNSAnswerCommandOutput>(
      'route53',
      ROUTE53_API_REGION,
      new TestDNSAnswerCommand({ HostedZoneId: zone ?? '<hosted_zone_id>', RecordName: name, RecordType: 'A' }),
    );
    if (out === undefined) return DRY_RUN;
    const data = out.RecordData ?? [];
    return {
      verdict: out.ResponseCode === 'NOERROR' && data.length > 0 ? 'pass' : 'fail',
      value: data,
      detail: `${out.ResponseCode ?? '?'} ${data.join(', ') || '(no address)'}`,
    };
  } catch (err) {
    const status = httpStatusOf(err);
    if (status === 404 || status === 501) {
      return { verdict: 'not-observable', detail: `TestDNSAnswer is not implemented by ${ctx.endpoint.label} (HTTP ${status})` };
    }
    return { verdict: 'fail', detail: describeError(err) };
  }
}

/** The hosted zone as GetHostedZone describes it. */
export interface ZoneInfo {
  /** The zone's name without the trailing dot. */
  readonly name: string;
  readonly nameServers: readonly string[];
}

/** The hosted zone (GetHostedZone: name and authoritative name servers), fetched once per run. */
export class ZoneCache {
  private zone?: Promise<Observation<ZoneInfo>>;

  get(ctx: ProbeContext): Promise<Observation<ZoneInfo>> {
    this.zone ??= this.fetch(ctx);
    return this.zone;
  }

  private async fetch(ctx: ProbeContext): Promise<Observation<ZoneInfo>> {
    const zone = ctx.outputs.values.hosted_zone_id;
    if (zone === undefined && !ctx.aws.dryRun) return missing('hosted_zone_id', ctx);
    try {
      const out = await ctx.aws.send<GetHostedZoneCommandOutput>(
        'route53',
        ROUTE53_API_REGION,
        new GetHostedZoneCommand({ Id: zone ?? '<hosted_zone_id>' }),
      );
      if (out === undefined) return DRY_RUN;
      const nameServers = out.DelegationSet?.NameServers ?? [];
      const name = (out.HostedZone?.Name ?? '').replace(/\.$/, '');
      return { verdict: 'pass', value: { name, nameServers }, detail: `${name}: ${nameServers.join(', ') || 'no delegation set'}` };
    } catch (err) {
      return { verdict: 'fail', detail: `zone ${zone}: ${describeError(err)}` };
    }
  }
}

/** The answer of the zone's authoritative name servers for `name` (what resolvers get on a cache miss). */
export async function probeAuthoritativeAnswer(
  ctx: ProbeContext,
  zones: ZoneCache,
  name: string,
): Promise<Observation<string[]>> {
  if (ctx.endpoint.emulator) return emulatorCannot('its name servers are fabricated and do not serve the emulated zone');
  const zone = await zones.get(ctx);
  if (ctx.aws.dryRun) {
    ctx.print(`  would query ${name} A at the zone's name servers (from GetHostedZone), directly`);
    return DRY_RUN;
  }
  if (zone.value === undefined) return { verdict: zone.verdict, detail: zone.detail };
  if (zone.value.nameServers.length === 0) return { verdict: 'fail', detail: `zone ${zone.value.name} has no delegation set` };
  try {
    const answer = await ctx.net.queryAuthoritative(zone.value.nameServers, name);
    return {
      verdict: answer.addresses.length > 0 ? 'pass' : 'fail',
      value: [...answer.addresses],
      detail: `${answer.addresses.join(', ') || '(no address)'} from ${answer.server}`,
    };
  } catch (err) {
    return { verdict: 'fail', detail: describeError(err) };
  }
}

/** Current addresses of both load balancers, to tell which region a DNS answer points at. */
export interface AlbAddresses {
  readonly primary: readonly string[];
  readonly secondary: readonly string[];
  /** Why a side is unknown. */
  readonly notes: readonly string[];
}

export async function resolveAlbAddresses(ctx: ProbeContext): Promise<AlbAddresses> {
  const notes: string[] = [];
  const side = async (output: 'primary_alb_dns_name' | 'secondary_alb_dns_name'): Promise<string[]> => {
    const name = ctx.outputs.values[output];
    if (name === undefined) {
      notes.push(`${output} missing`);
      return [];
    }
    if (ctx.endpoint.emulator || ctx.aws.dryRun) return [];
    try {
      return await ctx.net.resolve4(name);
    } catch (err) {
      notes.push(`${name} does not resolve (${(err as Error).message})`);
      return [];
    }
  };
  if (ctx.aws.dryRun) {
    const names = [ctx.outputs.values.primary_alb_dns_name ?? '<primary_alb_dns_name>', ctx.outputs.values.secondary_alb_dns_name ?? '<secondary_alb_dns_name>'];
    ctx.print(`  would resolve ${names.join(' and ')} (A, system resolver) to tell which region an answer points at`);
  }
  const [primary, secondary] = await Promise.all([side('primary_alb_dns_name'), side('secondary_alb_dns_name')]);
  return { primary, secondary, notes };
}

/** Which region `addresses` belong to. */
export function classifyAnswer(addresses: readonly string[], albs: AlbAddresses): AnswerTarget {
  if (addresses.length === 0) return 'empty';
  const p = addresses.some((a) => albs.primary.includes(a));
  const s = addresses.some((a) => albs.secondary.includes(a));
  if (p && s) return 'both';
  if (p) return 'primary';
  if (s) return 'secondary';
  return 'unknown';
}

/** An observed DNS answer with the region it points at. */
export type TargetedAnswer = Observation<string[]> & { readonly target?: AnswerTarget };

/**
 * Adds the region an answer points at. With `accept`, an answer pointing elsewhere fails; when the
 * load balancers' addresses are unknown the region stays `unknown` and the verdict is left as it was.
 */
export function withTarget(obs: Observation<string[]>, albs: AlbAddresses, accept?: readonly AnswerTarget[]): TargetedAnswer {
  if (obs.value === undefined) return obs;
  const target = classifyAnswer(obs.value, albs);
  const known = albs.primary.length > 0 && albs.secondary.length > 0;
  let verdict = obs.verdict;
  let note = '';
  if (target === 'unknown' && !known) {
    note = `; region unknown: ${albs.notes.join(', ') || 'load-balancer addresses not resolved'}`;
  } else if (verdict === 'pass' && accept !== undefined && !accept.includes(target)) {
    verdict = 'fail';
  }
  return { ...obs, verdict, target, detail: `-> ${target}: ${obs.detail}${note}` };
}

/** The peering connection's state seen from both regions (the id from the multi-region stack's state). */
export async function probePeering(ctx: ProbeContext, peeringId: string | undefined, why: string): Promise<Observation<string>> {
  if (!ctx.config.multiRegion.enableCrossRegionPeering) return { verdict: 'not-available', detail: 'peering disabled in config' };
  if (peeringId === undefined && !ctx.aws.dryRun) return { verdict: 'not-available', detail: why };
  const id = peeringId ?? '<peering id from the multi-region state>';
  const regions = [ctx.config.primary.region, ctx.config.dr?.region].filter((r): r is string => r !== undefined);
  const states: string[] = [];
  try {
    for (const region of regions) {
      const out = await ctx.aws.send<DescribeVpcPeeringConnectionsCommandOutput>(
        'ec2',
        region,
        new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] }),
      );
      if (out === undefined) continue;
      states.push(`${region} ${out.VpcPeeringConnections?.[0]?.Status?.Code ?? 'not found'}`);
    }
  } catch (err) {
    return { verdict: 'fail', detail: `${id}: ${describeError(err)}` };
  }
  if (ctx.aws.dryRun) return DRY_RUN;
  const allActive = states.every((s) => s.endsWith(' active'));
  return { verdict: allActive ? 'pass' : 'fail', value: states.join(', '), detail: `${id}: ${states.join(', ')}` };
}

/** The DR replica's latest ReplicaLag (CloudWatch, DR region, last 10 minutes) against the alarm threshold. */
export async function probeReplicaLag(ctx: ProbeContext, replicaId: string | undefined, why: string, now: Date): Promise<Observation<number>> {
  if (!ctx.config.multiRegion.enableCrossRegionReplication) return { verdict: 'not-available', detail: 'replication disabled in config' };
  // The replica lives in whichever region the roles make the standby (genai-demo:multi-region.writer-region).
  const region = ctx.config.roles.replica?.region ?? ctx.config.dr?.region;
  if (region === undefined) return { verdict: 'not-available', detail: 'no DR region in config' };
  if (replicaId === undefined && !ctx.aws.dryRun) return { verdict: 'not-available', detail: why };
  const threshold = ctx.config.multiRegion.replicaLagAlarmSeconds;
  try {
    const out = await ctx.aws.send<GetMetricStatisticsCommandOutput>(
      'cloudwatch',
      region,
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/RDS',
        MetricName: 'ReplicaLag',
        Dimensions: [{ Name: 'DBInstanceIdentifier', Value: replicaId ?? `<replica identifier from the state of the ${region} stack>` }],
        StartTime: new Date(now.getTime() - 10 * 60_000),
        EndTime: now,
        Period: 60,
        Statistics: ['Maximum'],
      }),
    );
    if (out === undefined) return DRY_RUN;
    const latest = [...(out.Datapoints ?? [])].sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0];
    if (latest?.Maximum === undefined) {
      if (ctx.endpoint.emulator) return emulatorCannot(`publishes no RDS metrics (replica ${replicaId})`);
      return { verdict: 'fail', detail: `${replicaId}: no ReplicaLag datapoint in the last 10 minutes (replication not reporting)` };
    }
    return {
      verdict: latest.Maximum <= threshold ? 'pass' : 'fail',
      value: latest.Maximum,
      detail: `${replicaId}: ${latest.Maximum} s at ${latest.Timestamp?.toISOString()} (alarm above ${threshold} s)`,
    };
  } catch (err) {
    return { verdict: 'fail', detail: `${replicaId}: ${describeError(err)}` };
  }
}
