/**
 * A regional outage on the local emulator: the switch of tools/local/moto/patched_server.py
 * (`RegionOutage`). While a region is down, every request signed for it (SigV4 credential scope: the
 * region the client would call on AWS, S3 state buckets included) is answered HTTP 503
 * `RegionOutageSimulated` and changes nothing; the emulator counts what still tried to reach it, both
 * per attempt (each HTTP request) and per invocation (distinct `amz-sdk-invocation-id`: the SDKs retry a
 * 503 as further attempts of the same invocation, so one call the command made shows as several attempts).
 *
 * Admin API (loopback emulator only):
 *   POST   <endpoint>/__outage?down=<region>[,<region>...]  start; counters reset
 *   GET    <endpoint>/__outage                              report so far
 *   DELETE <endpoint>/__outage                              end; answers the report of the ended period
 */

/** Requests signed for one region since the outage started (or the last end). */
export interface RegionRequests {
  /** HTTP requests, every retry included. */
  readonly attempts: number;
  /** Distinct SDK invocations (a request without `amz-sdk-invocation-id` counts as its own). */
  readonly invocations: number;
}

/** The blocked requests of one operation. */
export interface BlockedCall {
  /** The region the request was signed for (one of the down regions). */
  readonly region: string;
  /** Service of the SigV4 scope (`s3`, `ec2`, `sts`, `rds`...), `unknown` when unsigned. */
  readonly service: string;
  /** `X-Amz-Target`, the query `Action`, or `METHOD /path` (REST APIs such as S3: `GET /bucket/key`). */
  readonly operation: string;
  /** HTTP requests answered 503, every retry included. */
  readonly attempts: number;
  /** Distinct SDK invocations among them: the calls the client meant to make. */
  readonly invocations: number;
  /** The highest `amz-sdk-request: attempt=N` seen: how far the client's retries went. */
  readonly maxAttempt: number;
}

/** The emulator's outage report. */
export interface OutageReport {
  /** Regions answered 503 now (empty in the report that DELETE returns). */
  readonly down: readonly string[];
  /** When the counters were last reset (start or end of an outage), Unix seconds. */
  readonly since: number;
  /** Every request since `since`, blocked or not, by signed region (`unsigned` when there is no scope). */
  readonly requests: Readonly<Record<string, RegionRequests>>;
  /** The requests answered 503: totals, and per region, service and operation. */
  readonly blocked: {
    /** Every blocked HTTP request. */
    readonly attempts: number;
    /** Distinct invocations among them: 0 means nothing tried to reach a down region. */
    readonly invocations: number;
    /** Per operation, sorted by region, service, operation. */
    readonly calls: readonly BlockedCall[];
  };
}

/** The admin endpoint of the emulator at `endpoint` (`http://127.0.0.1:<port>`). */
export function outageUrl(endpoint: string, down?: readonly string[]): string {
  const url = new URL('/__outage', endpoint);
  if (down !== undefined) url.search = `down=${down.join(',')}`;
  return url.toString();
}

function isReport(value: unknown): value is OutageReport {
  const v = value as Partial<OutageReport> | null;
  return (
    v !== null &&
    typeof v === 'object' &&
    Array.isArray(v.down) &&
    typeof v.requests === 'object' &&
    v.blocked !== undefined &&
    typeof v.blocked.attempts === 'number' &&
    Array.isArray(v.blocked.calls)
  );
}

async function call(method: 'GET' | 'POST' | 'DELETE', url: string): Promise<OutageReport> {
  let res: Response;
  try {
    res = await fetch(url, { method, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new Error(`${method} ${url}: the emulator did not answer (${(err as Error).message})`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const reason = (body as { error?: string } | undefined)?.error ?? text.slice(0, 200);
    throw new Error(`${method} ${url}: HTTP ${res.status}: ${reason}`);
  }
  if (!isReport(body)) {
    throw new Error(
      `${method} ${url}: not an outage report (is this the project's patched emulator? tools/local/moto/patched_server.py): ${text.slice(0, 200)}`,
    );
  }
  return body;
}

/** Makes `regions` unreachable on the emulator (replacing any outage in force) and resets the counters. */
export async function startOutage(endpoint: string, ...regions: [string, ...string[]]): Promise<OutageReport> {
  return call('POST', outageUrl(endpoint, regions));
}

/** What the emulator has counted since the outage started, without changing anything. */
export async function outageReport(endpoint: string): Promise<OutageReport> {
  return call('GET', outageUrl(endpoint));
}

/** Ends the outage (every region answers again); returns the report of the period that ended. */
export async function endOutage(endpoint: string): Promise<OutageReport> {
  return call('DELETE', outageUrl(endpoint));
}

/** Requests signed for `region` in a report (zero when none). */
export function requestsTo(report: OutageReport, region: string): RegionRequests {
  return report.requests[region] ?? { attempts: 0, invocations: 0 };
}

/** One line per blocked operation, for a test failure or a report: `ap-east-2 sts GetCallerIdentity: 4 attempts, 1 invocation`. */
export function formatBlocked(report: OutageReport): string[] {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return report.blocked.calls.map(
    (c) =>
      `${c.region} ${c.service} ${c.operation}: ${plural(c.attempts, 'attempt')}, ${plural(c.invocations, 'invocation')}`,
  );
}
