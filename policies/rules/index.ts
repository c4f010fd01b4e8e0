/** Every rule of the pack, one per file in this folder, in id order. */
import type { PolicyRule } from '../types';
import { rule as albAccessLogs } from './alb-access-logs';
import { rule as albDropInvalidHeaders } from './alb-drop-invalid-headers';
import { rule as albHttpRedirects } from './alb-http-redirects';
import { rule as albTlsPolicy } from './alb-tls-policy';
import { rule as cloudtrailHardened } from './cloudtrail-hardened';
import { rule as ebsEncryption } from './ebs-encryption';
import { rule as eksControlPlaneLogging } from './eks-control-plane-logging';
import { rule as eksEndpointNotPublic } from './eks-endpoint-not-public';
import { rule as eksSecretsEncryption } from './eks-secrets-encryption';
import { rule as iamNoAdminManagedPolicy } from './iam-no-admin-managed-policy';
import { rule as iamNoInlineAdmin } from './iam-no-inline-admin';
import { rule as iamNoStarOnStar } from './iam-no-star-on-star';
import { rule as imdsv2Required } from './imdsv2-required';
import { rule as kmsKeyRotation } from './kms-key-rotation';
import { rule as logGroupEncryption } from './log-group-encryption';
import { rule as logGroupRetention } from './log-group-retention';
import { rule as rdsAutoMinorUpgrade } from './rds-auto-minor-upgrade';
import { rule as rdsBackupRetention } from './rds-backup-retention';
import { rule as rdsDeletionProtection } from './rds-deletion-protection';
import { rule as rdsIamAuthentication } from './rds-iam-authentication';
import { rule as rdsNotPublic } from './rds-not-public';
import { rule as rdsStorageEncrypted } from './rds-storage-encrypted';
import { rule as requiredTags } from './required-tags';
import { rule as s3Encryption } from './s3-encryption';
import { rule as s3PublicAccessBlock } from './s3-public-access-block';
import { rule as s3TlsOnly } from './s3-tls-only';
import { rule as s3Versioning } from './s3-versioning';
import { rule as sgNoAllPorts } from './sg-no-all-ports';
import { rule as sgNoOpenIngress } from './sg-no-open-ingress';
import { rule as snsEncryption } from './sns-encryption';

export const ALL_RULES: readonly PolicyRule[] = [
  albAccessLogs,
  albDropInvalidHeaders,
  albHttpRedirects,
  albTlsPolicy,
  cloudtrailHardened,
  ebsEncryption,
  eksControlPlaneLogging,
  eksEndpointNotPublic,
  eksSecretsEncryption,
  iamNoAdminManagedPolicy,
  iamNoInlineAdmin,
  iamNoStarOnStar,
  imdsv2Required,
  kmsKeyRotation,
  logGroupEncryption,
  logGroupRetention,
  rdsAutoMinorUpgrade,
  rdsBackupRetention,
  rdsDeletionProtection,
  rdsIamAuthentication,
  rdsNotPublic,
  rdsStorageEncrypted,
  requiredTags,
  s3Encryption,
  s3PublicAccessBlock,
  s3TlsOnly,
  s3Versioning,
  sgNoAllPorts,
  sgNoOpenIngress,
  snsEncryption,
];
