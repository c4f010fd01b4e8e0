/**
 * Every AWS call of the drill goes through one gateway, which creates the clients (one per service and
 * region, with the tools' client factory: tools/lib/aws.ts), records each
 * call, and in dry-run mode prints it with its parameters instead of sending it.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { clientSettings, type ClientSettings } from '../lib/aws';

/** The services the drill calls. */
export type Service = 'route53' | 's3' | 'ec2' | 'cloudwatch' | 'rds';

/** Attempts per call: the drill times its own waits, so a failing call should report soon. */
const DRILL_MAX_ATTEMPTS = 3;

/** An SDK v3 command, as far as the gateway needs to know it. */
export interface AnyCommand {
  readonly input: object;
}

/** One call, as recorded for the report and printed in dry-run mode. */
export interface CallRecord {
  readonly service: Service;
  readonly region: string;
  readonly operation: string;
  readonly input: object;
  /** True when the call was only printed. */
  readonly dryRun: boolean;
}

/** Props of the gateway. */
export interface AwsGatewayProps {
  /** Print calls instead of sending them. */
  readonly dryRun: boolean;
  /** Where dry-run lines go. */
  readonly print: (line: string) => void;
  /** Path-style S3 addressing (needed with a custom endpoint such as the emulator). @default false */
  readonly forcePathStyle?: boolean;
  /** Timeout of one HTTP request to AWS, in milliseconds. @default 10000 */
  readonly requestTimeoutMs?: number;
  /**
   * Endpoint and credentials: AWS_ENDPOINT_URL and the static keys of this environment when it names an
   * endpoint (a local deployment found by the drill), the SDK's default chain otherwise. @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

interface Sendable {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
}

/** The SDK client class of each service (all take the settings of tools/lib/aws.ts). */
const CLIENT_CLASSES: Record<Service, new (settings: ClientSettings) => Sendable> = {
  route53: Route53Client,
  s3: S3Client,
  ec2: EC2Client,
  cloudwatch: CloudWatchClient,
  rds: RDSClient,
};

/** The operation name of a command object: `UpdateHealthCheckCommand` -> `UpdateHealthCheck`. */
export function operationName(command: AnyCommand): string {
  return command.constructor.name.replace(/Command$/, '');
}

export class AwsGateway {
  /** Every call made (or printed), in order. */
  readonly calls: CallRecord[] = [];
  readonly dryRun: boolean;
  private readonly clients = new Map<string, Sendable>();
  private readonly props: AwsGatewayProps;

  constructor(props: AwsGatewayProps) {
    this.props = props;
    this.dryRun = props.dryRun;
  }

  /**
   * Sends `command` to `service` in `region`, or prints it in dry-run mode and resolves undefined.
   * SDK errors propagate unchanged.
   */
  async send<O>(service: Service, region: string, command: AnyCommand): Promise<O | undefined> {
    const operation = operationName(command);
    this.calls.push({ service, region, operation, input: command.input, dryRun: this.dryRun });
    if (this.dryRun) {
      this.props.print(`  would call ${service}.${operation} (${region}) ${JSON.stringify(command.input)}`);
      return undefined;
    }
    // Undefined means "dry run" to the callers: a real call always yields an object.
    return ((await this.client(service, region).send(command)) ?? {}) as O;
  }

  /** Releases the HTTP connections of every client created. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private client(service: Service, region: string): Sendable {
    const key = `${service}:${region}`;
    const existing = this.clients.get(key);
    if (existing) return existing;
    const settings = clientSettings(region, this.props.env ?? process.env, {
      maxAttempts: DRILL_MAX_ATTEMPTS,
      requestTimeoutMs: this.props.requestTimeoutMs ?? 10_000,
      forcePathStyle: this.props.forcePathStyle ?? false,
    });
    const client = new CLIENT_CLASSES[service](settings);
    this.clients.set(key, client);
    return client;
  }
}

/** HTTP status of an SDK error, when it has one. */
export function httpStatusOf(err: unknown): number | undefined {
  const meta = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata;
  return meta?.httpStatusCode;
}

/** A one-line description of an error for tables and reports. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const status = httpStatusOf(err);
    const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
    return `${name}${err.message || '(no message)'}${status !== undefined ? ` (HTTP ${status})` : ''}`;
  }
  return String(err);
}
