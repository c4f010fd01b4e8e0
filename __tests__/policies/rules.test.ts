/**
 * Every rule of the pack against at least one compliant and one non-compliant fixture; the table must
 * cover every rule (the first test fails when a rule is added without fixtures).
 */
import { ALL_RULES } from '../../policies/rules';
import type { Json } from '../../policies/types';
import { check, type Fixture } from './fixtures';

interface Cases {
  readonly compliant: Fixture[];
  readonly nonCompliant: Fixture[];
  /** Fixtures the rule must skip. @default - none */
  readonly notApplicable?: Fixture[];
}

const bucket = (extra: Json = {}): Json => ({ aws_s3_bucket: { B: { bucket: 'genai-demo-logs' } }, ...extra });
const tlsDeny = {
  effect: 'Deny',
  actions: ['s3:*'],
  principals: [{ type: '*', identifiers: ['*'] }],
  resources: ['${aws_s3_bucket.B.arn}', '${aws_s3_bucket.B.arn}/*'],
  condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
};
const albWithSg = (ingress: Json): Json => ({
  aws_security_group: { Alb: { vpc_id: 'vpc', ingress: [ingress] } },
  aws_lb: { Lb: { load_balancer_type: 'application', security_groups: ['${aws_security_group.Alb.id}'] } },
});
const nodeGroup = (template: Json): Json => ({
  aws_launch_template: { Nodes: template },
  aws_eks_node_group: {
    Ng: {
      cluster_name: 'c',
      launch_template: {
        id: '${aws_launch_template.Nodes.id}',
        version: '${aws_launch_template.Nodes.latest_version}',
      },
    },
  },
});
const rolePolicy = (statement: Json): Json => ({
  aws_iam_role_policy: { P: { role: 'r', policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) } },
});
const eks = (attrs: Json): Json => ({
  aws_eks_cluster: { C: { name: 'c', role_arn: '${aws_iam_role.R.arn}', vpc_config: { subnet_ids: ['s'] }, ...attrs } },
});
const allLogs = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

const CASES: Record<string, Cases> = {
  'alb-access-logs': {
    compliant: [
      {
        name: 'logs to a bucket',
        target: 'aws_lb.L',
        resources: { aws_lb: { L: { access_logs: { bucket: '${aws_s3_bucket.Logs.id}', enabled: true } } } },
      },
    ],
    nonCompliant: [
      { name: 'no access_logs', target: 'aws_lb.L', resources: { aws_lb: { L: {} } } },
      {
        name: 'bucket but enabled unset (provider default false)',
        target: 'aws_lb.L',
        resources: { aws_lb: { L: { access_logs: { bucket: 'b' } } } },
      },
    ],
  },
  'alb-drop-invalid-headers': {
    compliant: [
      { name: 'drops', target: 'aws_lb.L', resources: { aws_lb: { L: { drop_invalid_header_fields: true } } } },
    ],
    nonCompliant: [
      { name: 'default', target: 'aws_lb.L', resources: { aws_lb: { L: { load_balancer_type: 'application' } } } },
    ],
    notApplicable: [
      {
        name: 'network load balancer',
        target: 'aws_lb.L',
        resources: { aws_lb: { L: { load_balancer_type: 'network' } } },
      },
    ],
  },
  'alb-http-redirects': {
    compliant: [
      {
        name: 'port 80 redirects to HTTPS',
        target: 'aws_lb_listener.Http',
        resources: {
          aws_lb_listener: {
            Http: {
              port: 80,
              protocol: 'HTTP',
              default_action: [
                { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } },
              ],
            },
          },
        },
      },
    ],
    nonCompliant: [
      {
        name: 'HTTP forwards',
        target: 'aws_lb_listener.Http',
        resources: {
          aws_lb_listener: {
            Http: { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: 'tg' }] },
          },
        },
      },
      {
        name: 'HTTP redirects but a listener rule forwards',
        target: 'aws_lb_listener.Http',
        resources: {
          aws_lb_listener: {
            Http: {
              port: 80,
              protocol: 'HTTP',
              default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS' } }],
            },
          },
          aws_lb_listener_rule: {
            Api: { listener_arn: '${aws_lb_listener.Http.arn}', action: [{ type: 'forward', target_group_arn: 'tg' }] },
          },
        },
      },
    ],
    notApplicable: [
      {
        name: 'HTTPS listener',
        target: 'aws_lb_listener.L',
        resources: { aws_lb_listener: { L: { port: 443, protocol: 'HTTPS' } } },
      },
    ],
  },
  'alb-tls-policy': {
    compliant: [
      {
        name: 'TLS 1.3/1.2 policy',
        target: 'aws_lb_listener.L',
        resources: { aws_lb_listener: { L: { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' } } },
      },
      {
        name: 'FS 1.2 policy',
        target: 'aws_lb_listener.L',
        resources: {
          aws_lb_listener: { L: { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-FS-1-2-Res-2020-10' } },
        },
      },
    ],
    nonCompliant: [
      {
        name: 'no ssl_policy (API default 2016-08)',
        target: 'aws_lb_listener.L',
        resources: { aws_lb_listener: { L: { protocol: 'HTTPS' } } },
      },
      {
        name: 'TLS 1.1 policy',
        target: 'aws_lb_listener.L',
        resources: { aws_lb_listener: { L: { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-1-2021-06' } } },
      },
    ],
    notApplicable: [
      {
        name: 'HTTP listener',
        target: 'aws_lb_listener.L',
        resources: { aws_lb_listener: { L: { protocol: 'HTTP' } } },
      },
    ],
  },
  'cloudtrail-hardened': {
    compliant: [
      {
        name: 'multi-region, validated, KMS',
        target: 'aws_cloudtrail.T',
        resources: {
          aws_cloudtrail: {
            T: { is_multi_region_trail: true, enable_log_file_validation: true, kms_key_id: '${aws_kms_key.K.arn}' },
          },
        },
      },
    ],
    nonCompliant: [
      {
        name: 'single-region without KMS',
        target: 'aws_cloudtrail.T',
        resources: { aws_cloudtrail: { T: { enable_log_file_validation: true } } },
      },
    ],
  },
  'ebs-encryption': {
    compliant: [
      {
        name: 'encrypted volume',
        target: 'aws_ebs_volume.V',
        resources: { aws_ebs_volume: { V: { size: 10, encrypted: true } } },
      },
      {
        name: 'node template with encrypted root',
        target: 'aws_launch_template.Nodes',
        resources: nodeGroup({
          block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: 'true', volume_size: 50 } }],
        }),
      },
    ],
    nonCompliant: [
      { name: 'plain volume', target: 'aws_ebs_volume.V', resources: { aws_ebs_volume: { V: { size: 10 } } } },
      {
        name: 'node template without block devices',
        target: 'aws_launch_template.Nodes',
        resources: nodeGroup({ metadata_options: { http_tokens: 'required' } }),
      },
    ],
  },
  'eks-control-plane-logging': {
    compliant: [
      {
        name: 'all five log types',
        target: 'aws_eks_cluster.C',
        resources: eks({ enabled_cluster_log_types: allLogs }),
      },
    ],
    nonCompliant: [
      {
        name: 'api and audit only',
        target: 'aws_eks_cluster.C',
        resources: eks({ enabled_cluster_log_types: ['api', 'audit'] }),
      },
    ],
  },
  'eks-endpoint-not-public': {
    compliant: [
      {
        name: 'private endpoint only',
        target: 'aws_eks_cluster.C',
        resources: eks({
          vpc_config: { subnet_ids: ['s'], endpoint_public_access: false, endpoint_private_access: true },
        }),
      },
      {
        name: 'public to an allow-list',
        target: 'aws_eks_cluster.C',
        resources: eks({
          vpc_config: { subnet_ids: ['s'], endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] },
        }),
      },
    ],
    nonCompliant: [
      { name: 'defaults (public to 0.0.0.0/0)', target: 'aws_eks_cluster.C', resources: eks({}) },
      {
        name: 'public to 0.0.0.0/0 explicitly',
        target: 'aws_eks_cluster.C',
        resources: eks({ vpc_config: { subnet_ids: ['s'], public_access_cidrs: ['0.0.0.0/0'] } }),
      },
    ],
  },
  'eks-secrets-encryption': {
    compliant: [
      {
        name: 'secrets with a KMS key reference',
        target: 'aws_eks_cluster.C',
        resources: eks({
          encryption_config: { resources: ['secrets'], provider: { key_arn: '${aws_kms_key.K.arn}' } },
        }),
      },
    ],
    nonCompliant: [{ name: 'no encryption_config', target: 'aws_eks_cluster.C', resources: eks({}) }],
  },
  'iam-no-admin-managed-policy': {
    compliant: [
      {
        name: 'EKS worker policy',
        target: 'aws_iam_role_policy_attachment.A',
        resources: {
          aws_iam_role_policy_attachment: {
            A: { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' },
          },
        },
      },
    ],
    nonCompliant: [
      {
        name: 'AdministratorAccess',
        target: 'aws_iam_role_policy_attachment.A',
        resources: {
          aws_iam_role_policy_attachment: {
            A: { role: 'r', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
          },
        },
      },
    ],
  },
  'iam-no-inline-admin': {
    compliant: [
      {
        name: 'scoped S3 actions',
        target: 'aws_iam_role_policy.P',
        resources: rolePolicy({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '${aws_s3_bucket.B.arn}/*' }),
      },
    ],
    nonCompliant: [
      {
        name: 'iam:* inline',
        target: 'aws_iam_role_policy.P',
        resources: rolePolicy({ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::123456789012:role/x' }),
      },
      {
        name: 'unreadable jsonencode policy',
        target: 'aws_iam_role_policy.P',
        resources: { aws_iam_role_policy: { P: { role: 'r', policy: '${jsonencode({"Statement" = []})}' } } },
      },
    ],
    notApplicable: [
      { name: 'a managed policy', target: 'aws_iam_policy.M', resources: { aws_iam_policy: { M: { policy: '{}' } } } },
    ],
  },
  'iam-no-star-on-star': {
    compliant: [
      {
        name: 'policy document with scoped actions',
        target: 'aws_iam_policy.M',
        resources: { aws_iam_policy: { M: { policy: '${data.aws_iam_policy_document.D.json}' } } },
        data: { aws_iam_policy_document: { D: { statement: [{ actions: ['logs:PutLogEvents'], resources: ['*'] }] } } },
      },
    ],
    nonCompliant: [
      {
        name: 'policy document with * on *',
        target: 'aws_iam_policy.M',
        resources: { aws_iam_policy: { M: { policy: '${data.aws_iam_policy_document.D.json}' } } },
        data: { aws_iam_policy_document: { D: { statement: [{ actions: ['*'], resources: ['*'] }] } } },
      },
      {
        name: 'role inline_policy JSON with *:*',
        target: 'aws_iam_role.R',
        resources: {
          aws_iam_role: {
            R: {
              assume_role_policy: '{}',
              inline_policy: [
                { name: 'x', policy: JSON.stringify({ Statement: { Effect: 'Allow', Action: '*:*', Resource: '*' } }) },
              ],
            },
          },
        },
      },
    ],
  },
  'imdsv2-required': {
    compliant: [
      {
        name: 'node group on a template requiring tokens',
        target: 'aws_eks_node_group.Ng',
        resources: nodeGroup({ metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 2 } }),
      },
    ],
    nonCompliant: [
      {
        name: 'template with optional tokens',
        target: 'aws_launch_template.Nodes',
        resources: nodeGroup({ metadata_options: { http_tokens: 'optional' } }),
      },
      {
        name: 'node group without launch template',
        target: 'aws_eks_node_group.Ng',
        resources: { aws_eks_node_group: { Ng: { cluster_name: 'c' } } },
      },
    ],
  },
  'kms-key-rotation': {
    compliant: [
      {
        name: 'rotating key',
        target: 'aws_kms_key.K',
        resources: { aws_kms_key: { K: { enable_key_rotation: true } } },
      },
    ],
    nonCompliant: [
      {
        name: 'default (no rotation)',
        target: 'aws_kms_key.K',
        resources: { aws_kms_key: { K: { description: 'x' } } },
      },
    ],
    notApplicable: [
      {
        name: 'asymmetric key',
        target: 'aws_kms_key.K',
        resources: { aws_kms_key: { K: { customer_master_key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY' } } },
      },
    ],
  },
  'log-group-encryption': {
    compliant: [
      {
        name: 'KMS key reference',
        target: 'aws_cloudwatch_log_group.G',
        resources: { aws_cloudwatch_log_group: { G: { kms_key_id: '${aws_kms_key.K.arn}' } } },
      },
    ],
    nonCompliant: [
      {
        name: 'no key',
        target: 'aws_cloudwatch_log_group.G',
        resources: { aws_cloudwatch_log_group: { G: { retention_in_days: 90 } } },
      },
    ],
  },
  'log-group-retention': {
    compliant: [
      {
        name: '90 days',
        target: 'aws_cloudwatch_log_group.G',
        resources: { aws_cloudwatch_log_group: { G: { retention_in_days: 90 } } },
      },
      {
        name: 'never expire',
        target: 'aws_cloudwatch_log_group.G',
        resources: { aws_cloudwatch_log_group: { G: {} } },
      },
    ],
    nonCompliant: [
      {
        name: '30 days in production',
        target: 'aws_cloudwatch_log_group.G',
        resources: { aws_cloudwatch_log_group: { G: { retention_in_days: 30 } } },
      },
    ],
    notApplicable: [
      {
        name: '30 days in development',
        production: false,
        target: 'aws_cloudwatch_log_group.G',
        resources: { aws_cloudwatch_log_group: { G: { retention_in_days: 30 } } },
      },
    ],
  },
  'rds-auto-minor-upgrade': {
    compliant: [
      {
        name: 'provider default',
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: { engine: 'postgres' } } },
      },
    ],
    nonCompliant: [
      {
        name: 'turned off',
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: { auto_minor_version_upgrade: false } } },
      },
    ],
  },
  'rds-backup-retention': {
    compliant: [
      {
        name: '30 days',
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: { backup_retention_period: 30 } } },
      },
    ],
    nonCompliant: [
      {
        name: '3 days',
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: { backup_retention_period: 3 } } },
      },
      {
        name: 'unset (API default 1 day)',
        target: 'aws_rds_cluster.C',
        resources: { aws_rds_cluster: { C: { engine: 'aurora-postgresql' } } },
      },
    ],
    notApplicable: [
      {
        name: '1 day in development',
        production: false,
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: { backup_retention_period: 1 } } },
      },
    ],
  },
  'rds-deletion-protection': {
    compliant: [
      {
        name: 'protected',
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: { deletion_protection: true } } },
      },
    ],
    nonCompliant: [
      {
        name: 'unprotected cluster in production',
        target: 'aws_rds_cluster.C',
        resources: { aws_rds_cluster: { C: { deletion_protection: false } } },
      },
    ],
    notApplicable: [
      {
        name: 'development',
        production: false,
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: {} } },
      },
    ],
  },
  'rds-iam-authentication': {
    compliant: [
      {
        name: 'enabled',
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: { iam_database_authentication_enabled: true } } },
      },
    ],
    nonCompliant: [{ name: 'unset', target: 'aws_db_instance.D', resources: { aws_db_instance: { D: {} } } }],
  },
  'rds-not-public': {
    compliant: [
      {
        name: 'private',
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: { publicly_accessible: false } } },
      },
    ],
    nonCompliant: [
      {
        name: 'public',
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: { publicly_accessible: true } } },
      },
    ],
  },
  'rds-storage-encrypted': {
    compliant: [
      {
        name: 'encrypted primary',
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: { storage_encrypted: true, kms_key_id: '${aws_kms_key.K.arn}' } } },
      },
      {
        name: 'cross-region replica with a regional key',
        target: 'aws_db_instance.D',
        resources: {
          aws_db_instance: {
            D: {
              replicate_source_db: '${data.terraform_remote_state.primary.outputs.db}',
              kms_key_id: '${aws_kms_key.K.arn}',
            },
          },
        },
      },
    ],
    nonCompliant: [
      {
        name: 'unencrypted',
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: { engine: 'postgres' } } },
      },
      {
        name: 'replica without a key',
        target: 'aws_db_instance.D',
        resources: { aws_db_instance: { D: { replicate_source_db: 'arn:aws:rds:ap-east-2:123456789012:db:x' } } },
      },
    ],
  },
  'required-tags': {
    compliant: [
      {
        name: 'provider default tags only',
        target: 'aws_vpc.V',
        resources: { aws_vpc: { V: { cidr_block: '10.2.0.0/16' } } },
      },
      {
        name: 'aliased provider tags',
        target: 'aws_vpc.V',
        resources: { aws_vpc: { V: { provider: 'aws.dr' } } },
        providers: [
          { region: 'ap-east-2' },
          {
            alias: 'dr',
            region: 'ap-northeast-1',
            default_tags: [
              {
                tags: { Project: 'p', Environment: 'e', RegionRole: 'secondary', Region: 'Tokyo', ManagedBy: 'cdktf' },
              },
            ],
          },
        ],
      },
    ],
    nonCompliant: [
      {
        name: 'provider without default tags',
        target: 'aws_vpc.V',
        resources: { aws_vpc: { V: {} } },
        providers: [{ region: 'ap-east-2' }],
      },
      {
        name: 'resource blanks a provider tag',
        target: 'aws_vpc.V',
        resources: { aws_vpc: { V: { tags: { RegionRole: '' } } } },
      },
    ],
    notApplicable: [
      { name: 'untaggable route', target: 'aws_route.R', resources: { aws_route: { R: { route_table_id: 'x' } } } },
    ],
  },
  's3-encryption': {
    compliant: [
      {
        name: 'SSE-KMS configuration',
        target: 'aws_s3_bucket.B',
        resources: bucket({
          aws_s3_bucket_server_side_encryption_configuration: {
            E: {
              bucket: '${aws_s3_bucket.B.id}',
              rule: [
                {
                  apply_server_side_encryption_by_default: {
                    sse_algorithm: 'aws:kms',
                    kms_master_key_id: '${aws_kms_key.K.arn}',
                  },
                },
              ],
            },
          },
        }),
      },
    ],
    nonCompliant: [
      { name: 'no configuration', target: 'aws_s3_bucket.B', resources: bucket() },
      {
        name: 'configuration of another bucket',
        target: 'aws_s3_bucket.B',
        resources: bucket({
          aws_s3_bucket: { B: { bucket: 'a' }, Other: { bucket: 'b' } },
          aws_s3_bucket_server_side_encryption_configuration: {
            E: {
              bucket: '${aws_s3_bucket.Other.id}',
              rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
            },
          },
        }),
      },
    ],
  },
  's3-public-access-block': {
    compliant: [
      {
        name: 'all four',
        target: 'aws_s3_bucket.B',
        resources: bucket({
          aws_s3_bucket_public_access_block: {
            P: {
              bucket: '${aws_s3_bucket.B.id}',
              block_public_acls: true,
              block_public_policy: true,
              ignore_public_acls: true,
              restrict_public_buckets: true,
            },
          },
        }),
      },
    ],
    nonCompliant: [
      { name: 'none', target: 'aws_s3_bucket.B', resources: bucket() },
      {
        name: 'policy not blocked',
        target: 'aws_s3_bucket.B',
        resources: bucket({
          aws_s3_bucket_public_access_block: {
            P: {
              bucket: '${aws_s3_bucket.B.id}',
              block_public_acls: true,
              ignore_public_acls: true,
              restrict_public_buckets: true,
            },
          },
        }),
      },
    ],
  },
  's3-tls-only': {
    compliant: [
      {
        name: 'policy document deny',
        target: 'aws_s3_bucket.B',
        resources: bucket({
          aws_s3_bucket_policy: {
            P: { bucket: '${aws_s3_bucket.B.id}', policy: '${data.aws_iam_policy_document.D.json}' },
          },
        }),
        data: { aws_iam_policy_document: { D: { statement: [tlsDeny] } } },
      },
      {
        name: 'JSON.stringify deny',
        target: 'aws_s3_bucket.B',
        resources: bucket({
          aws_s3_bucket_policy: {
            P: {
              bucket: '${aws_s3_bucket.B.id}',
              policy: JSON.stringify({
                Statement: [
                  {
                    Effect: 'Deny',
                    Principal: '*',
                    Action: 's3:*',
                    Resource: ['${aws_s3_bucket.B.arn}/*'],
                    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                  },
                ],
              }),
            },
          },
        }),
      },
    ],
    nonCompliant: [
      { name: 'no policy', target: 'aws_s3_bucket.B', resources: bucket() },
      {
        name: 'policy without the TLS deny',
        target: 'aws_s3_bucket.B',
        resources: bucket({
          aws_s3_bucket_policy: {
            P: { bucket: '${aws_s3_bucket.B.id}', policy: '${data.aws_iam_policy_document.D.json}' },
          },
        }),
        data: { aws_iam_policy_document: { D: { statement: [{ ...tlsDeny, condition: [] }] } } },
      },
    ],
  },
  's3-versioning': {
    compliant: [
      {
        name: 'Enabled',
        target: 'aws_s3_bucket.B',
        resources: bucket({
          aws_s3_bucket_versioning: {
            V: { bucket: '${aws_s3_bucket.B.id}', versioning_configuration: { status: 'Enabled' } },
          },
        }),
      },
    ],
    nonCompliant: [
      { name: 'none', target: 'aws_s3_bucket.B', resources: bucket() },
      {
        name: 'Suspended',
        target: 'aws_s3_bucket.B',
        resources: bucket({
          aws_s3_bucket_versioning: {
            V: { bucket: '${aws_s3_bucket.B.id}', versioning_configuration: { status: 'Suspended' } },
          },
        }),
      },
    ],
  },
  'sg-no-all-ports': {
    compliant: [
      {
        name: 'node ephemeral ports from itself',
        target: 'aws_vpc_security_group_ingress_rule.R',
        resources: {
          aws_vpc_security_group_ingress_rule: {
            R: {
              security_group_id: 'sg',
              referenced_security_group_id: 'sg',
              ip_protocol: 'tcp',
              from_port: 1025,
              to_port: 65535,
            },
          },
        },
      },
    ],
    nonCompliant: [
      {
        name: 'all protocols from the VPC',
        target: 'aws_vpc_security_group_ingress_rule.R',
        resources: {
          aws_vpc_security_group_ingress_rule: {
            R: { security_group_id: 'sg', cidr_ipv4: '10.2.0.0/16', ip_protocol: '-1' },
          },
        },
      },
      {
        name: 'inline 0-65535',
        target: 'aws_security_group.S',
        resources: {
          aws_security_group: {
            S: { ingress: [{ protocol: 'tcp', from_port: 0, to_port: 65535, cidr_blocks: ['10.0.0.0/8'] }] },
          },
        },
      },
    ],
    notApplicable: [
      {
        name: 'egress rule',
        target: 'aws_security_group_rule.E',
        resources: {
          aws_security_group_rule: {
            E: {
              type: 'egress',
              protocol: '-1',
              from_port: 0,
              to_port: 0,
              cidr_blocks: ['0.0.0.0/0'],
              security_group_id: 'sg',
            },
          },
        },
      },
    ],
  },
  'sg-no-open-ingress': {
    compliant: [
      {
        name: 'ALB 443 from anywhere',
        target: 'aws_security_group.Alb',
        resources: albWithSg({
          protocol: 'tcp',
          from_port: 443,
          to_port: 443,
          cidr_blocks: ['0.0.0.0/0'],
          ipv6_cidr_blocks: ['::/0'],
        }),
      },
      {
        name: 'database 5432 from the VPC',
        target: 'aws_vpc_security_group_ingress_rule.Db',
        resources: {
          aws_vpc_security_group_ingress_rule: {
            Db: {
              security_group_id: 'sg',
              cidr_ipv4: '10.2.0.0/16',
              ip_protocol: 'tcp',
              from_port: 5432,
              to_port: 5432,
            },
          },
        },
      },
    ],
    nonCompliant: [
      {
        name: 'ALB 8080 from anywhere',
        target: 'aws_security_group.Alb',
        resources: albWithSg({ protocol: 'tcp', from_port: 8080, to_port: 8080, cidr_blocks: ['0.0.0.0/0'] }),
      },
      {
        name: "443 from ::/0 on a group that is not an ALB's",
        target: 'aws_vpc_security_group_ingress_rule.R',
        resources: {
          aws_security_group: { Nodes: { vpc_id: 'v' } },
          aws_vpc_security_group_ingress_rule: {
            R: {
              security_group_id: '${aws_security_group.Nodes.id}',
              cidr_ipv6: '::/0',
              ip_protocol: 'tcp',
              from_port: 443,
              to_port: 443,
            },
          },
        },
      },
    ],
  },
  'sns-encryption': {
    compliant: [
      {
        name: 'CMK',
        target: 'aws_sns_topic.T',
        resources: { aws_sns_topic: { T: { kms_master_key_id: '${aws_kms_key.K.id}' } } },
      },
    ],
    nonCompliant: [{ name: 'no key', target: 'aws_sns_topic.T', resources: { aws_sns_topic: { T: { name: 't' } } } }],
  },
};

test('every rule has fixtures, and every fixture names a rule', () => {
  expect(Object.keys(CASES).sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
});

test('rule ids are unique kebab-case and every rule documents itself', () => {
  const ids = ALL_RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of ALL_RULES) {
    expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(r.description.length).toBeGreaterThan(20);
    expect(r.rationale.length).toBeGreaterThan(20);
    for (const c of r.checkov ?? []) expect(c).toMatch(/^CKV2?_AWS_\d+$/);
  }
});

describe.each(ALL_RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  const cases = CASES[id];
  test.each((cases?.compliant ?? []).map((f) => [f.name, f] as const))('compliant: %s', (_n, fixture) => {
    expect(check(rule, fixture)).toEqual({ status: 'compliant' });
  });
  test.each((cases?.nonCompliant ?? []).map((f) => [f.name, f] as const))('non-compliant: %s', (_n, fixture) => {
    const result = check(rule, fixture);
    expect(result.status).toBe('non-compliant');
    expect(result.status === 'non-compliant' && result.message.length).toBeGreaterThan(5);
  });
  const na = cases?.notApplicable ?? [];
  if (na.length > 0) {
    test.each(na.map((f) => [f.name, f] as const))('not applicable: %s', (_n, fixture) => {
      expect(check(rule, fixture)).toEqual({ status: 'not-applicable' });
    });
  }
});
