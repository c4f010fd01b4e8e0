/**
 * The one AWS SDK v3 client factory of the tools (the local deploy's read-backs, the drill's gateway, the
 * e2e suites). Endpoint and credentials come from an environment object (the emulator's, or the user's
 * shell for real AWS), never from code, so the same tools read back a local deployment and a real one.
 */

/** What a caller may tune beyond region and environment. */
export interface ClientOptions {
  /** Timeout of connecting and of one HTTP request, in milliseconds. @default - the SDK's (none) */
  readonly requestTimeoutMs?: number;
  /** Attempts per call, retries included. @default 5 on AWS, 3 on an emulator endpoint */
  readonly maxAttempts?: number;
  /** Path-style S3 addressing. @default true with an endpoint (a loopback one has no per-bucket host names), false on AWS */
  readonly forcePathStyle?: boolean;
}

/** Settings shared by every SDK client of the tools. */
export interface ClientSettings {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Path-style S3 addressing (ignored by the other services' clients). */
  readonly forcePathStyle?: boolean;
  readonly maxAttempts: number;
  readonly requestHandler?: { readonly requestTimeout: number; readonly connectionTimeout: number };
}

/** Attempts per call on AWS: throttling and transient 5xx deserve a few retries. */
const AWS_MAX_ATTEMPTS = 5;
/** Attempts per call on an emulator: a local failure is rarely transient, fail fast. */
const EMULATOR_MAX_ATTEMPTS = 3;
/** moto accepts any keys; these are used when the environment names an endpoint but no keys. */
const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * Client settings for `region` from `env`: AWS_ENDPOINT_URL and static keys when it names an endpoint
 * (the emulator), the SDK's default credential chain otherwise.
 */
export function clientSettings(
  region: string,
  env: NodeJS.ProcessEnv = process.env,
  opts: ClientOptions = {},
): ClientSettings {
  const endpoint = env.AWS_ENDPOINT_URL;
  const local = endpoint !== undefined && endpoint !== '';
  const timeout = opts.requestTimeoutMs;
  return {
    region,
    maxAttempts: opts.maxAttempts ?? (local ? EMULATOR_MAX_ATTEMPTS : AWS_MAX_ATTEMPTS),
    ...(local
      ? {
          endpoint,
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID ?? EMULATOR_CREDENTIALS.accessKeyId,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? EMULATOR_CREDENTIALS.secretAccessKey,
          },
        }
      : {}),
    ...((opts.forcePathStyle ?? local) ? { forcePathStyle: true } : {}),
    ...(timeout !== undefined ? { requestHandler: { requestTimeout: timeout, connectionTimeout: timeout } } : {}),
  };
}

/** Route 53 is a global service whose API is signed for us-east-1 (its metrics: config/route53-limits.ts). */
export const ROUTE53_REGION = 'us-east-1';
