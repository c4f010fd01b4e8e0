/**
 * A simulated Route 53 for the drill's unit tests: mocked SDK clients (aws-sdk-client-mock) whose
 * answers follow a fake clock. After the primary health check is inverted, the checkers report it
 * unhealthy after `detectAfterMs` and the failover name answers with the DR load balancer after
 * `switchAfterMs`; after the restore, the same delays bring it back.
 */
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeVpcPeeringConnectionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetHealthCheckCommand,
  GetHealthCheckStatusCommand,
  GetHostedZoneCommand,
  Route53Client,
  TestDNSAnswerCommand,
  UpdateHealthCheckCommand,
} from '@aws-sdk/client-route-53';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { AppConfig } from '../../../config';
import { AwsGateway } from '../../../tools/drill/aws';
import type { Clock } from '../../../tools/drill/clock';
import type { EndpointInfo } from '../../../tools/drill/endpoint';
import type { FailoverReport, Measurement } from '../../../tools/drill/failover-record';
import type { Net } from '../../../tools/drill/net';
import { pickOutputs, type FailoverOutputs } from '../../../tools/drill/outputs';
import type { ProbeContext } from '../../../tools/drill/probes';
import { configWith } from '../../helpers/app';

export const PRIMARY_HC = 'hc-primary-0001';
export const SECONDARY_HC = 'hc-secondary-0002';
export const ZONE_ID = 'Z0DRILLTEST';
export const PRIMARY_ALB = 'primary-alb.drill-test.invalid';
export const SECONDARY_ALB = 'secondary-alb.drill-test.invalid';
/** Documentation addresses (RFC 5737): the test's load balancers. */
export const PRIMARY_IPS = ['192.0.2.10', '192.0.2.11'];
export const SECONDARY_IPS = ['198.51.100.20', '198.51.100.21'];

/** The failover stack's outputs as the real stack writes them (`{name: {value}}`). */
export function outputMap(config: AppConfig): Record<string, { value: string }> {
  return {
    primary_health_check_id: { value: PRIMARY_HC },
    secondary_health_check_id: { value: SECONDARY_HC },
    hosted_zone_id: { value: ZONE_ID },
    failover_record_name: { value: `api.${config.domain}` },
    latency_record_name: { value: `api-latency.${config.domain}` },
    primary_alb_dns_name: { value: PRIMARY_ALB },
    secondary_alb_dns_name: { value: SECONDARY_ALB },
    failover_topic_arn: { value: 'arn:aws:sns:us-east-1:000000000000:genai-demo-production-failover-alerts' },
  };
}

/** A clock that advances only when the code sleeps. */
export class FakeClock implements Clock {
  t = Date.parse('2026-01-01T00:00:00Z');
  sleeps = 0;
  /** Called before each sleep resolves (to abort or fail mid-run). */
  onSleep?: (n: number) => void;

  now(): number {
    return this.t;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps++;
    this.onSleep?.(this.sleeps);
    if (signal?.aborted) throw signal.reason;
    this.t += ms;
    await Promise.resolve();
  }
}

export interface WorldOptions {
  /** Delay from the invert to the checkers reporting unhealthy; Infinity = never. @default 90000 */
  readonly detectAfterMs?: number;
  /** Delay from the invert to the failover name answering with DR; Infinity = never. @default 120000 */
  readonly switchAfterMs?: number;
  /** Which status source shows the inverted check as unhealthy. @default 'checkers' */
  readonly statusVia?: 'checkers' | 'metric' | 'none';
  /** Emulator behaviour: canned status, TestDNSAnswer 404. @default false */
  readonly emulator?: boolean;
  readonly config?: AppConfig;
  readonly outputs?: FailoverOutputs;
}

/** The simulated world and the mocks, to assert on. */
export class World {
  readonly config: AppConfig;
  readonly clock = new FakeClock();
  readonly route53 = mockClient(Route53Client);
  readonly cloudwatch = mockClient(CloudWatchClient);
  readonly ec2 = mockClient(EC2Client);
  readonly s3 = mockClient(S3Client);
  readonly printed: string[] = [];
  inverted = false;
  invertedAt?: number;
  restoredAt?: number;
  private readonly opts: WorldOptions;

  constructor(opts: WorldOptions = {}) {
    this.opts = opts;
    this.config = opts.config ?? configWith();
    this.install();
  }

  /** True when the simulated Route 53 currently considers the primary unhealthy. */
  primaryUnhealthy(delay: number): boolean {
    const now = this.clock.now();
    if (this.invertedAt !== undefined && this.restoredAt === undefined) return now - this.invertedAt >= delay;
    if (this.restoredAt !== undefined) return now - this.restoredAt < delay;
    return false;
  }

  private install(): void {
    const detect = this.opts.detectAfterMs ?? 90_000;
    const dnsSwitch = this.opts.switchAfterMs ?? 120_000;
    this.route53.on(GetHealthCheckCommand).callsFake((input: { HealthCheckId: string }) => ({
      HealthCheck: {
        Id: input.HealthCheckId,
        HealthCheckConfig: {
          Type: 'HTTPS_STR_MATCH',
          FullyQualifiedDomainName: PRIMARY_ALB,
          ResourcePath: '/actuator/health',
          Inverted: this.inverted,
          Disabled: false,
        },
      },
    }));
    this.route53.on(UpdateHealthCheckCommand).callsFake((input: { Inverted: boolean }) => {
      this.inverted = input.Inverted;
      if (input.Inverted) this.invertedAt = this.clock.now();
      else if (this.invertedAt !== undefined) this.restoredAt = this.clock.now();
      return { HealthCheck: { HealthCheckConfig: { Inverted: input.Inverted } } };
    });
    this.route53.on(GetHealthCheckStatusCommand).callsFake((input: { HealthCheckId: string }) => {
      const via = this.opts.statusVia ?? 'checkers';
      const bad =
        !this.opts.emulator &&
        via === 'checkers' &&
        input.HealthCheckId === PRIMARY_HC &&
        this.primaryUnhealthy(detect);
      const status = bad
        ? 'Failure: HTTP Status Code 200, but the search string was not found (inverted)'
        : 'Success: HTTP Status Code 200, OK';
      return {
        HealthCheckObservations: ['us-east-1', 'ap-northeast-1', 'ap-southeast-1'].map((Region) => ({
          Region,
          StatusReport: { Status: status },
        })),
      };
    });
    this.route53.on(TestDNSAnswerCommand).callsFake(() => {
      if (this.opts.emulator)
        throw Object.assign(new Error('Not Found'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } });
      const dr = this.primaryUnhealthy(dnsSwitch);
      return {
        ResponseCode: 'NOERROR',
        RecordData: dr ? SECONDARY_IPS : PRIMARY_IPS,
        Nameserver: 'ns',
        Protocol: 'UDP',
      };
    });
    this.route53.on(GetHostedZoneCommand).resolves({
      HostedZone: { Id: `/hostedzone/${ZONE_ID}`, Name: `${this.config.domain}.`, CallerReference: 'x' },
      DelegationSet: { NameServers: ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.net'] },
    });
    this.cloudwatch.on(GetMetricStatisticsCommand).callsFake((input: { Namespace: string }) => {
      if (this.opts.statusVia !== 'metric' || input.Namespace !== 'AWS/Route53') return { Datapoints: [] };
      return {
        Datapoints: [{ Timestamp: new Date(this.clock.now()), Minimum: this.primaryUnhealthy(detect) ? 0 : 1 }],
      };
    });
    this.ec2
      .on(DescribeVpcPeeringConnectionsCommand)
      .resolves({ VpcPeeringConnections: [{ Status: { Code: 'active' } }] });
  }

  /** A network whose authoritative answers follow the simulated Route 53. */
  net(): Net {
    const dnsSwitch = this.opts.switchAfterMs ?? 120_000;
    return {
      resolve4: async (name) => {
        if (name === PRIMARY_ALB) return PRIMARY_IPS;
        if (name === SECONDARY_ALB) return SECONDARY_IPS;
        throw Object.assign(new Error(`queryA ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      },
      queryAuthoritative: async (servers) => ({
        server: servers[0],
        addresses: this.primaryUnhealthy(dnsSwitch) ? SECONDARY_IPS : PRIMARY_IPS,
      }),
      httpsGet: async (req) => ({
        status: 200,
        body: '{"status":"UP"}',
        elapsedMs: req.host === PRIMARY_ALB ? 42 : 57,
      }),
    };
  }

  /** A probe context over the mocks. */
  context(opts: { dryRun?: boolean; endpoint?: EndpointInfo; outputs?: FailoverOutputs } = {}): ProbeContext {
    const aws = new AwsGateway({ dryRun: opts.dryRun ?? false, print: (l) => this.printed.push(l) });
    return {
      config: this.config,
      outputs: opts.outputs ?? this.opts.outputs ?? pickOutputs(outputMap(this.config), 's3://test/state'),
      aws,
      net: this.net(),
      endpoint:
        opts.endpoint ??
        (this.opts.emulator ? { emulator: true, label: 'http://127.0.0.1:5399' } : { emulator: false, label: 'AWS' }),
      httpTimeoutMs: 1000,
      insecure: false,
      print: (l) => this.printed.push(l),
    };
  }

  /** UpdateHealthCheck inputs, in order. */
  updates(): Array<{ HealthCheckId?: string; Inverted?: boolean }> {
    return this.route53.commandCalls(UpdateHealthCheckCommand).map((c) => c.args[0].input);
  }

  /** Every command sent to any client. */
  totalCalls(): number {
    return (
      this.route53.calls().length + this.cloudwatch.calls().length + this.ec2.calls().length + this.s3.calls().length
    );
  }

  restoreMocks(): void {
    this.route53.restore();
    this.cloudwatch.restore();
    this.ec2.restore();
    this.s3.restore();
  }
}

/** A finished run's report as the drill writes it on AWS (DNS failover measured, failback not reached), to patch per test. */
export function failoverReport(patch: Partial<FailoverReport> = {}): FailoverReport {
  const m = (kind: Measurement['kind'], seconds: number | null, note: string): Measurement => ({ kind, seconds, note });
  return {
    kind: 'planned-failover',
    startedAt: '2026-03-01T10:00:00.000Z',
    finishedAt: '2026-03-01T10:05:00.000Z',
    endpoint: 'AWS',
    emulator: false,
    environment: 'production',
    domain: 'kimkao.io',
    failoverRecord: 'api.kimkao.io',
    primaryHealthCheckId: 'hc-1',
    outputsSource: 's3://b/k',
    missingOutputs: ['failover_topic_arn'],
    alertTopicArn: null,
    settings: { pollIntervalSeconds: 10, failoverTimeoutSeconds: 312, failbackTimeoutSeconds: 312 },
    notObservable: [],
    phases: [{ name: 'failover', startedAt: 'a', endedAt: 'b', seconds: 110, outcome: 'done', note: 'x|y' }],
    rounds: [],
    measurements: {
      detection: m('upper-bound', 110, 'no status source'),
      dnsFailover: m('measured', 110, 'via TestDNSAnswer'),
      failoverComplete: m('measured', 110, 'both'),
      failbackDetection: m('not-reached', null, 'not healthy again within 312 s'),
      dnsFailback: m('not-observable', null, 'no DNS answer'),
    },
    rto: {
      measuredSeconds: 110,
      targetSeconds: 120,
      targetMinutes: 2,
      budgetWorstCaseSeconds: 156,
      budgetDetectionSeconds: 96,
      withinTarget: true,
      note: 'to the authoritative answer',
    },
    restore: { needed: true, restored: true, attempts: 1, verifiedNotInverted: true, error: null },
    result: 'failed',
    message: 'failback: not reached',
    ...patch,
  };
}

export { GetObjectCommand };
