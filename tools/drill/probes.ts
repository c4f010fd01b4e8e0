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
import { describeError, httpStatusOf, type AnyCommand, type AwsGateway, type Service } from './aws';
import { ROUTE53_REGION } from '../lib/aws';
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
  const why = ctx.outputs.error
    ? `${name}: failover stack outputs not read (see above)`
    : `output ${name} is missing from ${ctx.outputs.source}`;
  return { verdict: 'not-available', detail: why };
}

function emulatorCannot(what: string): Observation<never> {
  return { verdict: 'not-observable', detail: `emulator: ${what}` };
}

/** The identifier an AWS read needs: its value when known, what stands for it in a dry run, and what its absence means. */
export interface ProbeInput {
  /** The value (a failover-stack output, an id from a stack's state), undefined when unknown. */
  readonly id: string | undefined;
  /** Shown in the dry-run call instead of an unknown `id`, e.g. `<hosted_zone_id>`. */
  readonly placeholder: string;
  /** The observation when `id` is unknown in a real run (nothing is called then). */
  readonly unknown: () => Observation<never>;
}

/** One AWS read behind a probe: the call for the input and what its answer means. */
export interface AwsRead<O, T> extends ProbeInput {
  readonly service: Service;
  readonly region: string;
  /** The command for the input's value, or its placeholder in a dry run. */
  readonly command: (id: string) => AnyCommand;
  /** What the answer means. A throw counts as a failed call. */
  readonly read: (out: O) => Observation<T>;
  /** What a failed call's detail starts with (the id it concerns). @default '' */
  readonly errorPrefix?: string;
  /** An error that is not a failure (an API the endpoint does not implement), else undefined. @default - every error fails */
  readonly onError?: (err: unknown) => Observation<T> | undefined;
}

/** Where Route 53 reads go: the global service's API region. */
const ROUTE53_API = { service: 'route53', region: ROUTE53_REGION } as const;

/** The input from a failover-stack output. */
export function outputInput(ctx: ProbeContext, output: FailoverOutputName): ProbeInput {
  return { id: ctx.outputs.values[output], placeholder: `<${output}>`, unknown: () => missing(output, ctx) };
}

/** The outputs that name a health check. */
export type HealthCheckOutput = 'primary_health_check_id' | 'secondary_health_check_id';

/** A Route 53 read of the health check `output` names; a failed call's detail starts with the check's id. */
function healthCheckProbe<O, T>(
  ctx: ProbeContext,
  output: HealthCheckOutput,
  call: Pick<AwsRead<O, T>, 'command' | 'read'>,
): Promise<Observation<T>> {
  const input = outputInput(ctx, output);
  return awsProbe(ctx, { ...input, ...ROUTE53_API, errorPrefix: `${input.id}: `, ...call });
}

/**
 * The skeleton every AWS probe shares: not available without its input (a dry run prints the call with a
 * placeholder instead), one call through the gateway, not observable in a dry run, the answer read by the
 * probe, and any error a failure with its description.
 */
export async function awsProbe<O, T>(ctx: ProbeContext, probe: AwsRead<O, T>): Promise<Observation<T>> {
  if (probe.id === undefined && !ctx.aws.dryRun) return probe.unknown();
  try {
    const out = await ctx.aws.send<O>(probe.service, probe.region, probe.command(probe.id ?? probe.placeholder));
    if (out === undefined) return DRY_RUN;
    return probe.read(out);
  } catch (err) {
    return probe.onError?.(err) ?? { verdict: 'fail', detail: `${probe.errorPrefix ?? ''}${describeError(err)}` };
  }
}

/** The newest of a metric's datapoints, if any. */
function latestDatapoint<D extends { readonly Timestamp?: Date }>(out: { readonly Datapoints?: D[] }): D | undefined {
  return [...(out.Datapoints ?? [])].sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0];
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
export async function probeHealthEndpoint(
  ctx: ProbeContext,
  role: 'primary' | 'secondary',
): Promise<Observation<number>> {
  const output = role === 'primary' ? 'primary_alb_dns_name' : 'secondary_alb_dns_name';
  const host = ctx.outputs.values[output];
  const serverName = role === 'primary' ? failoverRecordName(ctx) : `api-dr.${ctx.config.domain}`;
  if (ctx.endpoint.emulator) return emulatorCannot('no application answers behind the emulated load balancer');
  if (ctx.aws.dryRun) {
    ctx.print(
      `  would GET https://${host ?? `<${output}>`}/actuator/health (TLS name and Host ${serverName}, timeout ${ctx.httpTimeoutMs} ms)`,
    );
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
  output: HealthCheckOutput,
): Promise<Observation<{ inverted: boolean; disabled: boolean }>> {
  const id = ctx.outputs.values[output];
  return healthCheckProbe(ctx, output, {
    command: (hc) => new GetHealthCheckCommand({ HealthCheckId: hc }),
    read: (out: GetHealthCheckCommandOutput) => {
      const cfg = out.HealthCheck?.HealthCheckConfig;
      const inverted = cfg?.Inverted === true;
      const disabled = cfg?.Disabled === true;
      const problems = [
        inverted && 'INVERTED (a drill did not restore it?)',
        disabled && 'DISABLED (Route 53 treats it as healthy)',
      ].filter(Boolean);
      return {
        verdict: problems.length === 0 ? 'pass' : 'fail',
        value: { inverted, disabled },
        detail: `${id}: ${problems.length === 0 ? 'not inverted, not disabled' : problems.join(', ')}; ${cfg?.Type ?? '?'} ${cfg?.FullyQualifiedDomainName ?? ''}${cfg?.ResourcePath ?? ''}`,
      };
    },
  });
}

/**
 * What Route 53's checkers report (GetHealthCheckStatus). Healthy when more than 18% of them report
 * success, as Route 53 decides. On the emulator the answer is canned and reported as not observable.
 */
export async function probeHealthCheckStatus(
  ctx: ProbeContext,
  output: HealthCheckOutput,
): Promise<Observation<'healthy' | 'unhealthy'>> {
  const id = ctx.outputs.values[output];
  return healthCheckProbe(ctx, output, {
    command: (hc) => new GetHealthCheckStatusCommand({ HealthCheckId: hc }),
    read: (out: GetHealthCheckStatusCommandOutput) => {
      const reports = (out.HealthCheckObservations ?? []).map((o) => o.StatusReport?.Status ?? '');
      if (reports.length === 0) return { verdict: 'fail', detail: `${id}: no checker has reported yet` };
      const ok = reports.filter((s) => s.startsWith('Success')).length;
      const state = ok / reports.length > HEALTHY_CHECKER_FRACTION ? 'healthy' : 'unhealthy';
      const summary = `${ok}/${reports.length} checkers report success`;
      if (ctx.endpoint.emulator) {
        return {
          verdict: 'not-observable',
          detail: `emulator: canned answer (${summary}: "${reports[0].slice(0, 40)}"), not a measurement`,
        };
      }
      return { verdict: state === 'healthy' ? 'pass' : 'fail', value: state, detail: `${state}: ${summary}` };
    },
  });
}

/**
 * The Route 53 `HealthCheckStatus` metric (us-east-1, 1 healthy / 0 unhealthy): the status Route 53
 * routes on. The latest one-minute minimum since `since`.
 */
export async function probeHealthCheckMetric(
  ctx: ProbeContext,
  output: HealthCheckOutput,
  since: Date,
  now: Date,
): Promise<Observation<'healthy' | 'unhealthy'>> {
  return awsProbe(ctx, {
    ...outputInput(ctx, output),
    service: 'cloudwatch',
    region: ROUTE53_REGION,
    command: (id) =>
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/Route53',
        MetricName: 'HealthCheckStatus',
        Dimensions: [{ Name: 'HealthCheckId', Value: id }],
        StartTime: since,
        EndTime: now,
        Period: 60,
        Statistics: ['Minimum'],
      }),
    read: (out: GetMetricStatisticsCommandOutput) => {
      const latest = latestDatapoint(out);
      if (latest?.Minimum === undefined) {
        return {
          verdict: 'not-observable',
          detail: ctx.endpoint.emulator ? 'emulator: publishes no Route 53 metrics' : 'no datapoint yet',
        };
      }
      const state = latest.Minimum >= 1 ? 'healthy' : 'unhealthy';
      return {
        verdict: state === 'healthy' ? 'pass' : 'fail',
        value: state,
        detail: `${state} (HealthCheckStatus ${latest.Minimum} at ${latest.Timestamp?.toISOString()})`,
      };
    },
  });
}

/** Route 53's own answer for `name` (TestDNSAnswer, type A). */
export async function probeRoute53Answer(ctx: ProbeContext, name: string): Promise<Observation<string[]>> {
  return awsProbe(ctx, {
    ...outputInput(ctx, 'hosted_zone_id'),
    ...ROUTE53_API,
    command: (zone) => new TestDNSAnswerCommand({ HostedZoneId: zone, RecordName: name, RecordType: 'A' }),
    read: (out: TestDNSAnswerCommandOutput) => {
      const data = out.RecordData ?? [];
      return {
        verdict: out.ResponseCode === 'NOERROR' && data.length > 0 ? 'pass' : 'fail',
        value: data,
        detail: `${out.ResponseCode ?? '?'} ${data.join(', ') || '(no address)'}`,
      };
    },
    onError: (err) => {
      const status = httpStatusOf(err);
      if (status !== 404 && status !== 501) return undefined;
      return {
        verdict: 'not-observable',
        detail: `TestDNSAnswer is not implemented by ${ctx.endpoint.label} (HTTP ${status})`,
      };
    },
  });
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
    const input = outputInput(ctx, 'hosted_zone_id');
    return awsProbe(ctx, {
      ...input,
      ...ROUTE53_API,
      command: (zone) => new GetHostedZoneCommand({ Id: zone }),
      errorPrefix: `zone ${input.id}: `,
      read: (out: GetHostedZoneCommandOutput) => {
        const nameServers = out.DelegationSet?.NameServers ?? [];
        const name = (out.HostedZone?.Name ?? '').replace(/\.$/, '');
        return {
          verdict: 'pass',
          value: { name, nameServers },
          detail: `${name}: ${nameServers.join(', ') || 'no delegation set'}`,
        };
      },
    });
  }
}

/** The answer of the zone's authoritative name servers for `name` (what resolvers get on a cache miss). */
export async function probeAuthoritativeAnswer(
  ctx: ProbeContext,
  zones: ZoneCache,
  name: string,
): Promise<Observation<string[]>> {
  if (ctx.endpoint.emulator)
    return emulatorCannot('its name servers are fabricated and do not serve the emulated zone');
  const zone = await zones.get(ctx);
  if (ctx.aws.dryRun) {
    ctx.print(`  would query ${name} A at the zone's name servers (from GetHostedZone), directly`);
    return DRY_RUN;
  }
  if (zone.value === undefined) return { verdict: zone.verdict, detail: zone.detail };
  if (zone.value.nameServers.length === 0)
    return { verdict: 'fail', detail: `zone ${zone.value.name} has no delegation set` };
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
    const names = [
      ctx.outputs.values.primary_alb_dns_name ?? '<primary_alb_dns_name>',
      ctx.outputs.values.secondary_alb_dns_name ?? '<secondary_alb_dns_name>',
    ];
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
export function withTarget(
  obs: Observation<string[]>,
  albs: AlbAddresses,
  accept?: readonly AnswerTarget[],
): TargetedAnswer {
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
export async function probePeering(
  ctx: ProbeContext,
  peeringId: string | undefined,
  why: string,
): Promise<Observation<string>> {
  if (!ctx.config.multiRegion.enableCrossRegionPeering)
    return { verdict: 'not-available', detail: 'peering disabled in config' };
  const input: ProbeInput = {
    id: peeringId,
    placeholder: '<peering id from the multi-region state>',
    unknown: () => ({ verdict: 'not-available', detail: why }),
  };
  const id = peeringId ?? input.placeholder;
  const regions = [ctx.config.primary.region, ctx.config.dr?.region].filter((r): r is string => r !== undefined);
  // One read per side: the connection's state as each region sees it.
  const states: string[] = [];
  for (const region of regions) {
    const side = await awsProbe(ctx, {
      ...input,
      service: 'ec2',
      region,
      command: (pcx) => new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [pcx] }),
      errorPrefix: `${id}: `,
      read: (out: DescribeVpcPeeringConnectionsCommandOutput): Observation<string> => ({
        verdict: 'pass',
        value: `${region} ${out.VpcPeeringConnections?.[0]?.Status?.Code ?? 'not found'}`,
        detail: '',
      }),
    });
    if (side.value !== undefined) states.push(side.value);
    else if (!ctx.aws.dryRun) return side; // the id is unknown, or the call failed
  }
  if (ctx.aws.dryRun) return DRY_RUN;
  const allActive = states.every((s) => s.endsWith(' active'));
  return { verdict: allActive ? 'pass' : 'fail', value: states.join(', '), detail: `${id}: ${states.join(', ')}` };
}

/** The DR replica's latest ReplicaLag (CloudWatch, DR region, last 10 minutes) against the alarm threshold. */
export async function probeReplicaLag(
  ctx: ProbeContext,
  replicaId: string | undefined,
  why: string,
  now: Date,
): Promise<Observation<number>> {
  if (!ctx.config.multiRegion.enableCrossRegionReplication)
    return { verdict: 'not-available', detail: 'replication disabled in config' };
  // The replica lives in whichever region the roles make the standby (genai-demo:multi-region.writer-region).
  const region = ctx.config.roles.replica?.region ?? ctx.config.dr?.region;
  if (region === undefined) return { verdict: 'not-available', detail: 'no DR region in config' };
  const threshold = ctx.config.multiRegion.replicaLagAlarmSeconds;
  return awsProbe(ctx, {
    id: replicaId,
    placeholder: `<replica identifier from the state of the ${region} stack>`,
    unknown: () => ({ verdict: 'not-available', detail: why }),
    service: 'cloudwatch',
    region,
    command: (instance) =>
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/RDS',
        MetricName: 'ReplicaLag',
        Dimensions: [{ Name: 'DBInstanceIdentifier', Value: instance }],
        StartTime: new Date(now.getTime() - 10 * 60_000),
        EndTime: now,
        Period: 60,
        Statistics: ['Maximum'],
      }),
    errorPrefix: `${replicaId}: `,
    read: (out: GetMetricStatisticsCommandOutput) => {
      const latest = latestDatapoint(out);
      if (latest?.Maximum === undefined) {
        if (ctx.endpoint.emulator) return emulatorCannot(`publishes no RDS metrics (replica ${replicaId})`);
        return {
          verdict: 'fail',
          detail: `${replicaId}: no ReplicaLag datapoint in the last 10 minutes (replication not reporting)`,
        };
      }
      return {
        verdict: latest.Maximum <= threshold ? 'pass' : 'fail',
        value: latest.Maximum,
        detail: `${replicaId}: ${latest.Maximum} s at ${latest.Timestamp?.toISOString()} (alarm above ${threshold} s)`,
      };
    },
  });
}
