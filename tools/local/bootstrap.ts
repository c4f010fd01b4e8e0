/**
 * The prerequisites every stack assumes exist before `terraform init`, created on the emulator: the
 * state bucket (versioning, encryption, public access blocked) and the public hosted zone of
 * `genai-demo:domain` (looked up by name by the primary stack unless `genai-demo:hosted-zone.create`).
 * Idempotent: running it twice changes nothing.
 */
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateHostedZoneCommand, ListHostedZonesByNameCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { AppConfig } from '../../config';
import { ROUTE53_REGION, clientSettings } from '../lib/aws';

/** What the bootstrap found or created. */
export interface BootstrapResult {
  readonly bucket: string;
  readonly bucketCreated: boolean;
  /** Hosted zone id (without `/hostedzone/`), when the zone is a prerequisite. */
  readonly hostedZoneId?: string;
  readonly hostedZoneCreated: boolean;
}

/** `kimkao.io` → `kimkao.io.` (Route 53 answers with the trailing dot). */
export function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

/** Creates the state bucket with versioning, default encryption and public access blocked. */
export async function ensureStateBucket(config: AppConfig, env: NodeJS.ProcessEnv): Promise<boolean> {
  const { bucket, region } = config.state;
  const s3 = new S3Client(clientSettings(region, env));
  try {
    let created = false;
    try {
      await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch {
      await s3.send(
        new CreateBucketCommand({
          Bucket: bucket,
          CreateBucketConfiguration:
            region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint },
        }),
      );
      created = true;
    }
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }],
        },
      }),
    );
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    return created;
  } finally {
    s3.destroy();
  }
}

/** The id of the public hosted zone named `domain`, created when missing. */
export async function ensureHostedZone(
  domain: string,
  env: NodeJS.ProcessEnv,
): Promise<{ id: string; created: boolean }> {
  const r53 = new Route53Client(clientSettings(ROUTE53_REGION, env));
  try {
    const found = await r53.send(new ListHostedZonesByNameCommand({ DNSName: domain, MaxItems: 1 }));
    const zone = found.HostedZones?.find((z) => z.Name === fqdn(domain) && z.Config?.PrivateZone !== true);
    if (zone?.Id !== undefined) return { id: zone.Id.replace('/hostedzone/', ''), created: false };
    const created = await r53.send(
      new CreateHostedZoneCommand({
        Name: domain,
        // Idempotency token of the request: deterministic, so a retried bootstrap never makes a second zone.
        CallerReference: `genai-demo-bootstrap-${domain}`,
        HostedZoneConfig: { Comment: `genai-demo public zone (bootstrap prerequisite)`, PrivateZone: false },
      }),
    );
    const id = created.HostedZone?.Id;
    if (id === undefined)
      throw new Error(
        `CreateHostedZone ${domain} (${ROUTE53_REGION}) answered without HostedZone.Id: cannot tell which zone it made`,
      );
    return { id: id.replace('/hostedzone/', ''), created: true };
  } finally {
    r53.destroy();
  }
}

/** Creates the state bucket and, unless the primary stack creates it, the hosted zone. */
export async function bootstrap(config: AppConfig, env: NodeJS.ProcessEnv): Promise<BootstrapResult> {
  const bucketCreated = await ensureStateBucket(config, env);
  if (config.createHostedZone) return { bucket: config.state.bucket, bucketCreated, hostedZoneCreated: false };
  const zone = await ensureHostedZone(config.domain, env);
  return { bucket: config.state.bucket, bucketCreated, hostedZoneId: zone.id, hostedZoneCreated: zone.created };
}
