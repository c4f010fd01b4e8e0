import { S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { AppConfig } from '../config';

/** Props every stack of this app takes. */
export interface GenaiDemoStackProps {
  /** The resolved configuration. */
  readonly config: AppConfig;
}

/**
 * A deployable unit with its own Terraform state: `s3://<bucket>/<key-prefix>/<stack>.tfstate`.
 * Consumers of another stack's members read them through `terraform_remote_state` on the same backend,
 * which cdktf generates from cross-stack references.
 */
export class GenaiDemoStack extends TerraformStack {
  readonly config: AppConfig;

  constructor(scope: Construct, id: string, props: GenaiDemoStackProps) {
    super(scope, id);
    this.config = props.config;
    const state = props.config.state;
    const backend = new S3Backend(this, {
      bucket: state.bucket,
      key: `${state.keyPrefix}/${id}.tfstate`,
      region: state.region,
      encrypt: true,
      // Terraform 1.11's S3 backend rejects ap-east-2 ("Invalid AWS Region") without this.
      skipRegionValidation: true,
    });
    if (state.useLockfile) {
      // S3 native locking (Terraform >= 1.10) is not in cdktf 0.21's typed S3Backend props.
      backend.addOverride('use_lockfile', true);
    }
  }
}
