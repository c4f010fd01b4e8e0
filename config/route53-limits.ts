/**
 * What Route 53 accepts for a health check (Route 53 API reference, CreateHealthCheck `HealthCheckConfig`).
 * The one place these limits live: the config schema refuses a value outside them with its config key,
 * and components/health-check.ts refuses props outside them when the construct is used directly.
 */

/**
 * Route 53 publishes health-check metrics (AWS/Route53 HealthCheckStatus) in US East (N. Virginia) only,
 * whatever the regions of the endpoints: an AWS fact, not a setting. Alarms and dashboards on them live there.
 */
export const ROUTE53_METRICS_REGION = 'us-east-1';

/** `RequestInterval`: seconds between two checks from one checker; 10 or 30, fixed at creation. */
export const HEALTH_CHECK_INTERVALS = [10, 30] as const;
/** A request interval Route 53 accepts. */
export type HealthCheckInterval = (typeof HEALTH_CHECK_INTERVALS)[number];

/** `FailureThreshold`: consecutive failures (or successes) that flip the status. */
export const HEALTH_CHECK_THRESHOLD = { min: 1, max: 10 } as const;

/** `Regions`: a checker-region list, when given, holds at least three regions. */
export const MIN_HEALTH_CHECK_REGIONS = 3;

/** `HealthCheckRegion` valid values: the regions Route 53 health checkers run in. */
export const ROUTE53_HEALTH_CHECKER_REGIONS = [
  'us-east-1',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'sa-east-1',
] as const;

export function isHealthCheckInterval(value: number): value is HealthCheckInterval {
  return (HEALTH_CHECK_INTERVALS as readonly number[]).includes(value);
}

export function isHealthCheckThreshold(value: number): boolean {
  return Number.isInteger(value) && value >= HEALTH_CHECK_THRESHOLD.min && value <= HEALTH_CHECK_THRESHOLD.max;
}

export function isHealthCheckerRegion(region: string): boolean {
  return (ROUTE53_HEALTH_CHECKER_REGIONS as readonly string[]).includes(region);
}
