/**
 * AWS SDK v3 client settings for the tools. Endpoint and credentials come from an environment object
 * (the emulator's, or the user's shell for real AWS), never from code, so the same tools read back a
 * local deployment and a real one.
 */

/** Settings shared by every SDK client of the tools. */
export interface ClientSettings {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Path-style S3 addressing: a loopback endpoint has no per-bucket host names. */
  readonly forcePathStyle?: boolean;
  readonly maxAttempts: number;
}

/** Client settings for `region` from `env`: AWS_ENDPOINT_URL and static keys when set, the default chain otherwise. */
export function clientSettings(region: string, env: NodeJS.ProcessEnv = process.env): ClientSettings {
  const endpoint = env.AWS_ENDPOINT_URL;
  if (endpoint === undefined || endpoint === '') return { region, maxAttempts: 5 };
  return {
    region,
    endpoint,
    forcePathStyle: true,
    maxAttempts: 3,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'test', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'test' },
  };
}

/** Route 53 and its CloudWatch metrics live in us-east-1. */
export const ROUTE53_REGION = 'us-east-1';
