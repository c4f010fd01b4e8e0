import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  HEALTH_CHECK_INTERVALS,
  HEALTH_CHECK_THRESHOLD,
  MIN_HEALTH_CHECK_REGIONS,
  isHealthCheckInterval,
  isHealthCheckThreshold,
  type HealthCheckInterval,
} from '../config/route53-limits';

/** Spring Boot Actuator's health endpoint, served by the API in every region. */
export const DEFAULT_HEALTH_PATH = '/actuator/health';
/** What Actuator's health body holds when the application and its dependencies are up. */
export const DEFAULT_HEALTH_SEARCH_STRING = '"status":"UP"';
/** The HTTPS port of the regional ALB listener. */
export const DEFAULT_HEALTH_PORT = 443;

/** Props of {@link EndpointHealthCheck}. */
export interface EndpointHealthCheckProps {
  /** Name tag of the health check, shown in the Route 53 console. */
  readonly name: string;
  /** DNS name the checkers resolve and connect to: the region's own ALB, never the failover name. */
  readonly fqdn: string;
  /** Seconds between two checks from one checker, 10 or 30 (cannot change after creation). */
  readonly requestIntervalSeconds: HealthCheckInterval;
  /** Consecutive failures (or successes) that flip the status, 1..10 (config/route53-limits.ts). */
  readonly failureThreshold: number;
  /** Regions the checkers run from (at least three). */
  readonly checkerRegions: readonly string[];
  /** Provider the health check is created with (Route 53 is global). @default - the stack's default provider */
  readonly provider?: AwsProvider;
  /** HTTPS port. @default 443 */
  readonly port?: number;
  /** Path requested. @default '/actuator/health' */
  readonly resourcePath?: string;
  /** String that must appear in the first 5,120 bytes of the body. @default '"status":"UP"' */
  readonly searchString?: string;
}

/**
 * A Route 53 HTTPS_STR_MATCH health check of one region's endpoint: it passes only when the body says
 * `"status":"UP"` (a 200 alone can hide a failed dependency). SNI sends `fqdn`; latency measurement is on,
 * which is what makes Route 53 publish ConnectionTime, SSLHandshakeTime and TimeToFirstByte.
 */
export class EndpointHealthCheck extends Construct {
  /** The health check id: the `health_check_id` of records and the `HealthCheckId` metric dimension. */
  readonly healthCheckId: string;
  /** The underlying resource. */
  readonly resource: Route53HealthCheck;

  constructor(scope: Construct, id: string, props: EndpointHealthCheckProps) {
    super(scope, id);
    validate(props);
    this.resource = new Route53HealthCheck(this, 'Check', {
      provider: props.provider,
      type: 'HTTPS_STR_MATCH',
      fqdn: props.fqdn,
      port: props.port ?? DEFAULT_HEALTH_PORT,
      resourcePath: props.resourcePath ?? DEFAULT_HEALTH_PATH,
      searchString: props.searchString ?? DEFAULT_HEALTH_SEARCH_STRING,
      enableSni: true,
      requestInterval: props.requestIntervalSeconds,
      failureThreshold: props.failureThreshold,
      regions: [...props.checkerRegions],
      measureLatency: true,
      tags: { Name: props.name },
    });
    this.healthCheckId = this.resource.id;
  }
}

function validate(props: EndpointHealthCheckProps): void {
  const problems: string[] = [];
  // The type says 10 | 30, but a caller in plain JavaScript or behind a cast is not held to it.
  if (!isHealthCheckInterval(props.requestIntervalSeconds)) {
    problems.push(
      `requestIntervalSeconds ${props.requestIntervalSeconds}: expected ${HEALTH_CHECK_INTERVALS.join(' or ')}`,
    );
  }
  if (!isHealthCheckThreshold(props.failureThreshold)) {
    problems.push(
      `failureThreshold ${props.failureThreshold}: expected an integer ${HEALTH_CHECK_THRESHOLD.min}..${HEALTH_CHECK_THRESHOLD.max}`,
    );
  }
  if (props.checkerRegions.length < MIN_HEALTH_CHECK_REGIONS) {
    problems.push(
      `checkerRegions [${props.checkerRegions.join(', ')}]: expected at least ${MIN_HEALTH_CHECK_REGIONS} regions`,
    );
  }
  if (props.port !== undefined && (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535)) {
    problems.push(`port ${props.port}: expected 1..65535`);
  }
  if (!Token.isUnresolved(props.fqdn) && props.fqdn === '') problems.push('fqdn: empty');
  if (problems.length > 0) throw new Error(`EndpointHealthCheck ${props.name}: ${problems.join('; ')}`);
}
