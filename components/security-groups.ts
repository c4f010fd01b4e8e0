import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { suppressRule } from '../policies/suppressions';

/** Port the application containers listen on (Spring Boot's default; `/actuator/health` is served there). */
export const DEFAULT_APP_PORT = 8080;
/** PostgreSQL's port. */
export const DEFAULT_DATABASE_PORT = 5432;

/** Props of the region's security groups. */
export interface SecurityGroupsProps {
  /** Prefix of the group names, e.g. `genai-demo-production`. */
  readonly namePrefix: string;
  /** The VPC the groups belong to. */
  readonly vpcId: string;
  /** The VPC's CIDR: destination of node DNS queries (the Amazon-provided resolver lives in it). */
  readonly vpcCidr: string;
  /** Port the application pods listen on, the ALB's target port. @default 8080 */
  readonly appPort?: number;
  /** Database port. @default 5432 */
  readonly databasePort?: number;
}

/** One rule, in the form every rule of this construct is written. */
interface RuleSpec {
  /** Stable construct id naming the rule's purpose. */
  readonly id: string;
  readonly description: string;
  /** `tcp`, `udp` or `-1` (all traffic, no ports). */
  readonly protocol: 'tcp' | 'udp' | '-1';
  readonly port?: number;
  /** Exactly one of a CIDR or a security group as the peer. */
  readonly cidr?: string;
  readonly peer?: SecurityGroup;
}

/**
 * The region's four security groups, least privilege. Rules are separate
 * `aws_vpc_security_group_{ingress,egress}_rule` resources (never inline blocks), so the multi-region
 * stack can add its cross-region rules to these groups without Terraform removing them.
 *
 * | Group | Direction | Protocol/port | Peer | Why |
 * |---|---|---|---|---|
 * | alb | in | tcp 443 | 0.0.0.0/0 | HTTPS from the internet |
 * | alb | in | tcp 80 | 0.0.0.0/0 | HTTP, answered only by a redirect to HTTPS |
 * | alb | out | tcp app port | app | requests and health checks to the pods (IP targets) |
 * | app | in | tcp app port | alb | traffic from the load balancer only |
 * | app | in | all | app | node-to-node and pod-to-pod |
 * | app | in | all | cluster | control plane to kubelet, webhooks, exec/logs |
 * | app | out | all | app | node-to-node and pod-to-pod |
 * | app | out | tcp 443 | 0.0.0.0/0 | EKS API, ECR/S3 image pulls, AWS APIs (through the NAT gateway) |
 * | app | out | udp+tcp 53 | VPC CIDR | DNS to the VPC resolver |
 * | app | out | tcp db port | database | the database |
 * | cluster | in | tcp 443 | app | nodes and pods to the Kubernetes API (private endpoint) |
 * | cluster | out | all | app | control plane to the nodes |
 * | database | in | tcp db port | app | the app tier of this VPC only |
 *
 * The database group has no egress rule at all (Terraform removes the default allow-all egress rule of
 * every group it creates). The peer region's access to the database is added by the multi-region stack.
 */
export class SecurityGroups extends Construct {
  /** The load balancer's group. */
  readonly alb: SecurityGroup;
  /** The app tier: EKS nodes and their pods (VPC CNI pods share the node's group). */
  readonly app: SecurityGroup;
  /** Additional group on the EKS control-plane network interfaces. */
  readonly cluster: SecurityGroup;
  /** The database's group. */
  readonly database: SecurityGroup;
  /** Port the app pods listen on. */
  readonly appPort: number;
  /** Database port. */
  readonly databasePort: number;

  /** Each group's full name, for the rules' Name tags. */
  private readonly groupNames = new Map<SecurityGroup, string>();

  constructor(scope: Construct, id: string, props: SecurityGroupsProps) {
    super(scope, id);
    this.appPort = props.appPort ?? DEFAULT_APP_PORT;
    this.databasePort = props.databasePort ?? DEFAULT_DATABASE_PORT;

    const group = (groupId: string, suffix: string, description: string) => {
      const name = `${props.namePrefix}-${suffix}`;
      const sg = new SecurityGroup(this, groupId, {
        // A name prefix (Terraform appends a unique suffix) so that a replacement can be created before the old
        // group, which still has members, is deleted: a fixed name would collide.
        namePrefix: `${name}-`,
        description,
        vpcId: props.vpcId,
        tags: { Name: name },
        lifecycle: { createBeforeDestroy: true },
      });
      this.groupNames.set(sg, name);
      return sg;
    };
    this.alb = group(
      'AlbSecurityGroup',
      'alb',
      'Application Load Balancer: HTTPS (and HTTP redirect) from the internet',
    );
    this.app = group('AppSecurityGroup', 'app', 'EKS nodes and pods: traffic from the ALB and the cluster');
    this.cluster = group(
      'ClusterSecurityGroup',
      'eks-control-plane',
      'EKS control plane: Kubernetes API from the nodes',
    );
    this.database = group(
      'DatabaseSecurityGroup',
      'database',
      'PostgreSQL: from the app tier, and from the peer region over the peering when peered',
    );

    const internet = '0.0.0.0/0';
    this.ingress(this.alb, [
      { id: 'HttpsFromInternet', description: 'HTTPS from the internet', protocol: 'tcp', port: 443, cidr: internet },
      {
        id: 'HttpFromInternet',
        description: 'HTTP from the internet, redirected to HTTPS',
        protocol: 'tcp',
        port: 80,
        cidr: internet,
      },
    ]);
    this.egress(this.alb, [
      {
        id: 'AppToTargets',
        description: 'Requests and health checks to the app pods',
        protocol: 'tcp',
        port: this.appPort,
        peer: this.app,
      },
    ]);

    const appIngress = this.ingress(this.app, [
      {
        id: 'AppFromAlb',
        description: 'App port from the load balancer',
        protocol: 'tcp',
        port: this.appPort,
        peer: this.alb,
      },
      { id: 'AllFromSelf', description: 'Node-to-node and pod-to-pod', protocol: '-1', peer: this.app },
      {
        id: 'AllFromControlPlane',
        description: 'Control plane to kubelet, webhooks, exec and logs',
        protocol: '-1',
        peer: this.cluster,
      },
    ]);
    // The two all-protocol ingress rules are deliberate (their peers are groups, never CIDRs); the
    // policy check that flags all-protocol ingress is suppressed on them with the reason.
    suppressRule(
      appIngress.AllFromSelf,
      'sg-no-all-ports',
      'Pods talk to pods on other nodes on whatever ports their services use (VPC CNI pods share the node group); the peer is this group only.',
    );
    suppressRule(
      appIngress.AllFromControlPlane,
      'sg-no-all-ports',
      'The EKS control plane calls kubelet (10250) and admission webhooks on ports the workloads choose (9443 for the load balancer controller); the peer is the control-plane group only.',
    );
    this.egress(this.app, [
      { id: 'AllToSelf', description: 'Node-to-node and pod-to-pod', protocol: '-1', peer: this.app },
      {
        id: 'HttpsToAnywhere',
        description: 'EKS API, ECR and S3 image pulls, AWS APIs',
        protocol: 'tcp',
        port: 443,
        cidr: internet,
      },
      { id: 'DnsUdpToVpc', description: 'DNS to the VPC resolver', protocol: 'udp', port: 53, cidr: props.vpcCidr },
      {
        id: 'DnsTcpToVpc',
        description: 'DNS over TCP to the VPC resolver',
        protocol: 'tcp',
        port: 53,
        cidr: props.vpcCidr,
      },
      {
        id: 'PostgresToDatabase',
        description: 'PostgreSQL to the database',
        protocol: 'tcp',
        port: this.databasePort,
        peer: this.database,
      },
    ]);

    this.ingress(this.cluster, [
      {
        id: 'HttpsFromNodes',
        description: 'Kubernetes API from nodes and pods',
        protocol: 'tcp',
        port: 443,
        peer: this.app,
      },
    ]);
    this.egress(this.cluster, [
      {
        id: 'AllToNodes',
        description: 'Control plane to kubelet, webhooks, exec and logs',
        protocol: '-1',
        peer: this.app,
      },
    ]);

    this.ingress(this.database, [
      {
        id: 'PostgresFromApp',
        description: 'PostgreSQL from the app tier',
        protocol: 'tcp',
        port: this.databasePort,
        peer: this.app,
      },
    ]);
  }

  /** The `Name` tag of one of this construct's groups. */
  private nameOf(group: SecurityGroup): string {
    const name = this.groupNames.get(group);
    if (name === undefined) throw new Error(`SecurityGroups: ${group.node.path} is not one of this construct's groups`);
    return name;
  }

  /** Creates the ingress rules of a group; returns them by rule id. */
  private ingress(group: SecurityGroup, rules: readonly RuleSpec[]): Record<string, VpcSecurityGroupIngressRule> {
    const created: Record<string, VpcSecurityGroupIngressRule> = {};
    for (const rule of rules) {
      created[rule.id] = new VpcSecurityGroupIngressRule(
        this,
        `${group.node.id}${rule.id}`,
        ruleConfig(group, this.nameOf(group), rule),
      );
    }
    return created;
  }

  private egress(group: SecurityGroup, rules: readonly RuleSpec[]): void {
    for (const rule of rules) {
      new VpcSecurityGroupEgressRule(this, `${group.node.id}${rule.id}`, ruleConfig(group, this.nameOf(group), rule));
    }
  }
}

/** `HttpsFromInternet` → `https-from-internet`. */
function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function ruleConfig(group: SecurityGroup, groupName: string, rule: RuleSpec) {
  return {
    securityGroupId: group.id,
    // The purpose goes in tags, not in `description`: the local emulator (moto) drops the description of
    // rules that reference a security group, which would show as a change on every plan. The console
    // shows the Name tag in the rules table.
    tags: { Name: `${groupName}-${kebab(rule.id)}`, Purpose: rule.description },
    ipProtocol: rule.protocol,
    // Protocol -1 (all traffic) takes no ports.
    fromPort: rule.protocol === '-1' ? undefined : rule.port,
    toPort: rule.protocol === '-1' ? undefined : rule.port,
    cidrIpv4: rule.cidr,
    referencedSecurityGroupId: rule.peer?.id,
  };
}
