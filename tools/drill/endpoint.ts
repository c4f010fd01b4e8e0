/**
 * Which AWS the drill talks to. The local emulator is recognised from AWS_ENDPOINT_URL pointing at a
 * loopback address (the local deploy's setup); any other endpoint is treated as real AWS, the safe side.
 * On the emulator some measurements cannot be observed at all: they are declared here, once, so every
 * table and report says so upfront instead of printing a figure the emulator made up.
 */

/** Where the AWS calls go. */
export interface EndpointInfo {
  /** True when AWS_ENDPOINT_URL points at a loopback address. */
  readonly emulator: boolean;
  /** The endpoint URL, or `AWS` for the public endpoints. */
  readonly label: string;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i;

/** Reads AWS_ENDPOINT_URL from `env`. */
export function detectEndpoint(env: NodeJS.ProcessEnv = process.env): EndpointInfo {
  const url = env.AWS_ENDPOINT_URL?.trim();
  if (!url) return { emulator: false, label: 'AWS' };
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return { emulator: false, label: url };
  }
  return { emulator: LOOPBACK.test(host), label: url };
}

/** A measurement the emulator cannot provide, with the reason printed beside it. */
export interface Unobservable {
  /** Short name of the column or measurement. */
  readonly what: string;
  readonly why: string;
}

/** What the local emulator (moto) cannot show; see TOOLCHAIN.md, "Route 53 on the emulator". */
export const EMULATOR_UNOBSERVABLE: readonly Unobservable[] = [
  {
    what: 'health endpoints',
    why: 'the emulator runs no application and its load-balancer names do not resolve, so nothing answers /actuator/health',
  },
  {
    what: 'health-check status',
    why: 'GetHealthCheckStatus answers a canned "Success" whatever the state (inverted or not)',
  },
  { what: 'Route 53 DNS answer', why: 'TestDNSAnswer is not implemented by the emulator (HTTP 404)' },
  {
    what: 'authoritative name servers',
    why: 'the name servers GetHostedZone returns are fabricated (ns-2048.awsdns-64.com...) and do not serve the emulated zone',
  },
  {
    what: 'CloudWatch metrics',
    why: 'the emulator publishes no AWS metrics (Route 53 HealthCheckStatus, RDS ReplicaLag)',
  },
  {
    what: 'detection time and RTO',
    why: 'they need the health-check status and the DNS answer to change, which the emulator never shows',
  },
];
