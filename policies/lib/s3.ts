/** Finding the configuration resources that belong to a bucket (they refer to it by `bucket`). */
import type { PolicyContext, PolicyResource } from '../types';

/** The bucket-level resources of `type` attached to `bucket` (e.g. `aws_s3_bucket_versioning`). */
export function bucketConfigs(bucket: PolicyResource, type: string, context: PolicyContext): PolicyResource[] {
  const byReference = context.referencing(bucket, type, 'bucket');
  // A configuration may also name the bucket literally.
  const literal =
    typeof bucket.attributes.bucket === 'string' && !bucket.attributes.bucket.includes('${')
      ? context.ofType(type).filter((r) => r.attributes.bucket === bucket.attributes.bucket)
      : [];
  return [...new Set([...byReference, ...literal])];
}
