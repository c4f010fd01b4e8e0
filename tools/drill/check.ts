/**
 * `drill check`: a read-only pass/fail table of everything failover depends on. Nothing is changed.
 */
import type { Deployment } from './deployment';
import { writerSide, type FailoverOutputName, type FailoverOutputs } from './outputs';
import {
  failoverRecordName,
  latencyRecordName,
  probeAuthoritativeAnswer,
  probeHealthCheckConfig,
  probeHealthCheckStatus,
  probeHealthEndpoint,
  probePeering,
  probeReplicaLag,
  probeRoute53Answer,
  resolveAlbAddresses,
  withTarget,
  ZoneCache,
  type ProbeContext,
  type Verdict,
} from './probes';

/** One line of the table. */
export interface CheckRow {
  readonly check: string;
  readonly verdict: Verdict;
  readonly detail: string;
}

/** Runs every check in a fixed order. `now` dates the metric window. */
export async function runCheck(ctx: ProbeContext, deployment: Deployment, now: Date): Promise<CheckRow[]> {
  const { config } = ctx;
  const rows: CheckRow[] = [];
  const add = (check: string, obs: { verdict: Verdict; detail: string }) =>
    rows.push({ check, verdict: obs.verdict, detail: obs.detail });
  const primary = `${config.primary.regionName} ${config.primary.region}`;
  const dr = config.dr ? `${config.dr.regionName} ${config.dr.region}` : 'DR';

  add(`health endpoint, primary (${primary})`, await probeHealthEndpoint(ctx, 'primary'));
  add(`health endpoint, DR (${dr})`, await probeHealthEndpoint(ctx, 'secondary'));
  add('health check, primary: settings', await probeHealthCheckConfig(ctx, 'primary_health_check_id'));
  add('health check, primary: status', await probeHealthCheckStatus(ctx, 'primary_health_check_id'));
  add('health check, DR: settings', await probeHealthCheckConfig(ctx, 'secondary_health_check_id'));
  add('health check, DR: status', await probeHealthCheckStatus(ctx, 'secondary_health_check_id'));

  const albs = await resolveAlbAddresses(ctx);
  const zones = new ZoneCache();
  const failoverName = failoverRecordName(ctx);
  const latencyName = latencyRecordName(ctx);
  // In normal operation the failover name answers with the writer region's ALB (api. PRIMARY follows
  // genai-demo:multi-region.writer-region); the latency name with either region.
  const writer = writerSide(config);
  add(`Route 53 answer, ${failoverName}`, withTarget(await probeRoute53Answer(ctx, failoverName), albs, [writer]));
  add(
    `Route 53 answer, ${latencyName}`,
    withTarget(await probeRoute53Answer(ctx, latencyName), albs, ['primary', 'secondary']),
  );
  add(
    `name servers, ${failoverName}`,
    withTarget(await probeAuthoritativeAnswer(ctx, zones, failoverName), albs, [writer]),
  );
  add(
    `name servers, ${latencyName}`,
    withTarget(await probeAuthoritativeAnswer(ctx, zones, latencyName), albs, ['primary', 'secondary']),
  );

  add('VPC peering', await probePeering(ctx, deployment.peeringId, deployment.peeringNote));
  add('DR replica lag', await probeReplicaLag(ctx, deployment.replicaId, deployment.replicaNote, now));
  return rows;
}

const LABEL: Record<Verdict, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  'not-observable': 'N/O',
  'not-available': 'N/A',
};

/** The table as text: verdict, check, detail; then the counts and what N/O and N/A mean. */
export function formatCheckTable(rows: readonly CheckRow[]): string {
  const width = Math.max(...rows.map((r) => r.check.length), 5);
  const lines = [
    `${'RESULT'.padEnd(6)}  ${'CHECK'.padEnd(width)}  DETAIL`,
    `${'-'.repeat(6)}  ${'-'.repeat(width)}  ${'-'.repeat(40)}`,
  ];
  for (const r of rows) lines.push(`${LABEL[r.verdict].padEnd(6)}  ${r.check.padEnd(width)}  ${r.detail}`);
  const count = (v: Verdict) => rows.filter((r) => r.verdict === v).length;
  lines.push(
    '',
    `${count('pass')} passed, ${count('fail')} failed, ${count('not-observable')} not observable (N/O), ${count('not-available')} not available (N/A)`,
    'N/O: the endpoint cannot show this (not a pass). N/A: an output or a state object it needs is missing.',
  );
  return lines.join('\n');
}

/** Outputs without which the failover path itself cannot be checked. */
const ESSENTIAL_OUTPUTS: readonly FailoverOutputName[] = [
  'primary_health_check_id',
  'secondary_health_check_id',
  'hosted_zone_id',
];

/**
 * Exit status of `check`: 1 when any check failed, or when the failover stack's outputs could not be read
 * or lack the health checks or the zone (the failover path was not checked: not a pass); else 0.
 */
export function checkExitCode(rows: readonly CheckRow[], outputs: Pick<FailoverOutputs, 'error' | 'missing'>): number {
  const unchecked = outputs.error !== undefined || outputs.missing.some((n) => ESSENTIAL_OUTPUTS.includes(n));
  return rows.some((r) => r.verdict === 'fail') || unchecked ? 1 : 0;
}
