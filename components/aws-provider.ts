import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';

/** Props of an AWS provider for one region. */
export interface RegionalProviderProps {
  /** AWS region. */
  readonly region: string;
  /** Default tags applied to every taggable resource of this provider. */
  readonly tags: Readonly<Record<string, string>>;
  /** Provider alias; needed when a stack holds more than one provider. @default - the default provider */
  readonly alias?: string;
}

/**
 * The AWS provider of one region. Endpoints and credentials come from the environment only
 * (AWS_ENDPOINT_URL for the local emulator), so the synthesized JSON is the same for the emulator and AWS.
 */
export function regionalProvider(scope: Construct, id: string, props: RegionalProviderProps): AwsProvider {
  return new AwsProvider(scope, id, {
    region: props.region,
    alias: props.alias,
    defaultTags: [{ tags: { ...props.tags } }],
  });
}
