/**
 * The architecture as synthesized: reads cdktf.out (manifest.json and each stack's cdk.tf.json) and
 * keeps what an operator looks for in a picture: per stack and region the VPCs and their peering, the
 * load balancers and their certificates, the databases with the replication direction, EKS clusters,
 * Route 53 records and health checks, alarms and the SNS topics they notify. Cross-stack references
 * (`terraform_remote_state` outputs) are followed back to the producing stack's resource, so an edge
 * joins the real two resources. Nothing here is drawn by hand: what the synth changes, the picture shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest } from '../lib/terraform';
import { entryOf } from '../lib/maps';

/** What a node stands for; also its drawing style. */
export type NodeKind =
  | 'vpc'
  | 'peering'
  | 'eks'
  | 'alb'
  | 'certificate'
  | 'database'
  | 'record'
  | 'health-check'
  | 'alarm'
  | 'topic';

export interface DiagramNode {
  /** `<stack>/<type>.<name>`: unique across the app. */
  readonly id: string;
  readonly stack: string;
  readonly kind: NodeKind;
  /** Lines of the label. */
  readonly label: readonly string[];
}

/** What an edge means; also its drawing style. */
export type EdgeKind = 'peering' | 'replication' | 'tls' | 'alias' | 'health' | 'probes' | 'notifies' | 'watches';

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

export interface DiagramStack {
  readonly name: string;
  /** Regions of the stack's providers, in order; `global` marks a stack holding Route 53 resources. */
  readonly regions: readonly string[];
}

export interface DiagramModel {
  readonly stacks: readonly DiagramStack[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

type Block = Record<string, unknown>;
interface StackJson {
  readonly provider?: { aws?: Array<{ alias?: string; region?: string }> };
  readonly resource?: Record<string, Record<string, Block>>;
  readonly data?: { terraform_remote_state?: Record<string, { config?: { key?: string } }> };
  readonly output?: Record<string, { value?: unknown }>;
}

/** The resource types drawn, with their kind. */
const KIND_OF: Readonly<Record<string, NodeKind>> = {
  aws_vpc: 'vpc',
  aws_vpc_peering_connection: 'peering',
  aws_eks_cluster: 'eks',
  aws_lb: 'alb',
  aws_acm_certificate: 'certificate',
  aws_db_instance: 'database',
  aws_route53_record: 'record',
  aws_route53_health_check: 'health-check',
  aws_cloudwatch_metric_alarm: 'alarm',
  aws_cloudwatch_composite_alarm: 'alarm',
  aws_sns_topic: 'topic',
};

/** A literal value, or undefined when it is only known at deploy time (`${…}`). */
function literal(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

/** Every string inside a block (references live in strings). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => (k === '//' ? [] : strings(v)));
  return [];
}

const LOCAL_REF = /(?<![\w.])(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\./g;
const REMOTE_REF = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;

/** Reads the synthesized app in `outdir` into the diagram model. */
export function readDiagramModel(outdir: string): DiagramModel {
  const manifest = readManifest(outdir);
  const json = new Map(
    manifest.map((s) => [s.name, JSON.parse(readFileSync(join(s.dir, 'cdk.tf.json'), 'utf8')) as StackJson]),
  );
  const stateKeyOwner = (key: string) =>
    manifest.find((s) => key.endsWith(`/${s.name}.tfstate`) || key === `${s.name}.tfstate`)?.name;

  /** The node ids a string refers to: resources of its own stack, or through remote state, of another. */
  const refsOf = (stack: string, texts: readonly string[], depth = 0): string[] => {
    const j = entryOf(json, stack, 'the synthesized stacks');
    const ids = new Set<string>();
    for (const text of texts) {
      for (const m of text.matchAll(LOCAL_REF)) ids.add(`${stack}/${m[1]}.${m[2]}`);
      for (const m of text.matchAll(REMOTE_REF)) {
        const producer = stateKeyOwner(j.data?.terraform_remote_state?.[m[1]]?.config?.key ?? '');
        const output = producer !== undefined ? json.get(producer)?.output?.[m[2]] : undefined;
        if (producer !== undefined && output !== undefined && depth < 3)
          for (const id of refsOf(producer, strings(output.value), depth + 1)) ids.add(id);
      }
    }
    return [...ids];
  };

  const stacks: DiagramStack[] = [];
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const resources: Array<{ stack: string; type: string; name: string; body: Block; region: string }> = [];

  for (const s of manifest) {
    const j = entryOf(json, s.name, 'the synthesized stacks');
    const providers = j.provider?.aws ?? [];
    const regionOf = (body: Block): string => {
      const alias = typeof body.provider === 'string' ? body.provider.replace(/^aws\./, '') : undefined;
      return (
        providers.find((p) => (alias === undefined ? p.alias === undefined : p.alias === alias))?.region ??
        providers[0]?.region ??
        'unknown'
      );
    };
    const regions = [...new Set(providers.map((p) => p.region ?? 'unknown'))];
    const types = Object.keys(j.resource ?? {});
    stacks.push({
      name: s.name,
      regions:
        types.some((t) => t.startsWith('aws_route53_')) && !types.includes('aws_vpc')
          ? ['global', ...regions]
          : regions,
    });
    for (const [type, byName] of Object.entries(j.resource ?? {})) {
      for (const [name, body] of Object.entries(byName))
        resources.push({ stack: s.name, type, name, body, region: regionOf(body) });
    }
  }

  const drawn = new Set<string>();
  for (const r of resources) {
    const kind = KIND_OF[r.type];
    if (kind === undefined) continue;
    const b = r.body;
    // Certificate validation records are plumbing of the certificate, not part of the design.
    if (kind === 'record' && b.alias === undefined) continue;
    const id = `${r.stack}/${r.type}.${r.name}`;
    drawn.add(id);
    nodes.push({ id, stack: r.stack, kind, label: labelOf(kind, b, r.region) });
  }

  const add = (from: string, to: string, kind: EdgeKind, label?: string) => {
    if (drawn.has(from) && drawn.has(to) && from !== to) edges.push({ from, to, kind, label });
  };
  for (const r of resources) {
    const id = `${r.stack}/${r.type}.${r.name}`;
    const b = r.body;
    const refs = (value: unknown) => refsOf(r.stack, strings(value));
    switch (r.type) {
      case 'aws_vpc_peering_connection':
        for (const vpc of refs(b.vpc_id)) add(vpc, id, 'peering', 'requester');
        for (const vpc of refs(b.peer_vpc_id)) add(id, vpc, 'peering', 'accepter');
        break;
      case 'aws_db_instance': {
        for (const source of refs(b.replicate_source_db)) add(source, id, 'replication', 'asynchronous replication');
        // A source named by its ARN (`arn:<partition>:rds:<region>:<account>:db:<identifier>`, built from config
        // so that either region can hold the replica): the instance with that identifier in that region.
        const arn =
          typeof b.replicate_source_db === 'string'
            ? /:rds:([a-z0-9-]+):[^:]*:db:([A-Za-z0-9-]+)$/.exec(b.replicate_source_db)
            : null;
        if (arn !== null) {
          for (const other of resources) {
            if (
              other.type === 'aws_db_instance' &&
              other.region === arn[1] &&
              literal(other.body.identifier) === arn[2]
            ) {
              add(`${other.stack}/${other.type}.${other.name}`, id, 'replication', 'asynchronous replication');
            }
          }
        }
        break;
      }
      case 'aws_lb_listener': {
        // A listener joins its load balancer to its certificate (through the validation resource).
        const certs = refs(b.certificate_arn).flatMap((c) =>
          drawn.has(c) ? [c] : certificateOfValidation(resources, c),
        );
        for (const lb of refs(b.load_balancer_arn))
          for (const cert of certs) add(lb, cert, 'tls', `HTTPS :${literal(b.port) ?? ''}`);
        break;
      }
      case 'aws_route53_record': {
        const alias = b.alias as Block | undefined;
        if (alias === undefined) break;
        for (const target of refs(alias.name)) add(id, target, 'alias', 'alias');
        for (const hc of refs(b.health_check_id)) add(id, hc, 'health', 'evaluates');
        break;
      }
      case 'aws_route53_health_check':
        for (const target of refs(b.fqdn))
          add(id, target, 'probes', `${literal(b.type) ?? 'HTTPS'} ${literal(b.resource_path) ?? ''}`.trim());
        break;
      case 'aws_cloudwatch_metric_alarm':
      case 'aws_cloudwatch_composite_alarm': {
        for (const topic of refs(b.alarm_actions)) add(id, topic, 'notifies');
        const { alarm_actions: _actions, ok_actions: _ok, ...rest } = b;
        for (const watched of refs(rest)) if (!refs(b.alarm_actions).includes(watched)) add(id, watched, 'watches');
        break;
      }
      default:
        break;
    }
  }
  return { stacks, nodes, edges: dedupe(edges) };
}

function certificateOfValidation(
  resources: ReadonlyArray<{ stack: string; type: string; name: string; body: Block }>,
  id: string,
): string[] {
  const r = resources.find((x) => `${x.stack}/${x.type}.${x.name}` === id);
  if (r?.type !== 'aws_acm_certificate_validation') return [];
  const m = /aws_acm_certificate\.([A-Za-z0-9_-]+)\./.exec(strings(r.body.certificate_arn).join(' '));
  return m ? [`${r.stack}/aws_acm_certificate.${m[1]}`] : [];
}

function dedupe(edges: readonly DiagramEdge[]): DiagramEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = `${e.from}|${e.to}|${e.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The label lines of a node: what it is and its literal settings. */
function labelOf(kind: NodeKind, b: Block, region: string): string[] {
  const l = (key: string) => literal(b[key]);
  switch (kind) {
    case 'vpc':
      return [`VPC ${l('cidr_block') ?? ''}`.trim(), region];
    case 'peering':
      return ['VPC peering', `${region} → ${l('peer_region') ?? region}`];
    case 'eks':
      return [`EKS ${l('name') ?? ''}`.trim(), `Kubernetes ${l('version') ?? ''}`.trim()];
    case 'alb':
      return [`ALB ${l('name') ?? ''}`.trim(), l('internal') === 'false' ? 'internet-facing' : 'internal'];
    case 'certificate': {
      const sans = Array.isArray(b.subject_alternative_names)
        ? b.subject_alternative_names.map(literal).filter((s): s is string => s !== undefined)
        : [];
      return ['ACM certificate (DNS-validated)', l('domain_name') ?? '', ...sans.map((s) => `+ ${s}`)];
    }
    case 'database': {
      const replica = b.replicate_source_db !== undefined;
      // A replica inherits the engine from its source, so only the writer names it.
      const engine = l('engine') === undefined || l('engine') === 'postgres' ? 'PostgreSQL' : l('engine');
      return [
        `RDS ${engine} ${replica ? 'read replica' : 'writer'}`,
        l('identifier') ?? '',
        [l('instance_class'), l('multi_az') === 'true' ? 'Multi-AZ' : undefined].filter(Boolean).join(', '),
      ].filter((s) => s !== '');
    }
    case 'record': {
      const failover = literal((b.failover_routing_policy as Block | undefined)?.type);
      const latency = literal((b.latency_routing_policy as Block | undefined)?.region);
      const policy =
        failover !== undefined ? `failover ${failover}` : latency !== undefined ? `latency ${latency}` : 'simple alias';
      return [`${l('name') ?? ''} ${l('type') ?? ''}`.trim(), policy];
    }
    case 'health-check':
      return [
        literal((b.tags as Block | undefined)?.Name) ?? 'health check',
        `${l('type') ?? ''} every ${l('request_interval') ?? '?'} s`.trim(),
        `${l('resource_path') ?? ''}, ${l('failure_threshold') ?? '?'} failures`,
      ];
    case 'alarm':
      return [l('alarm_name') ?? 'alarm', region];
    case 'topic':
      return [`SNS ${l('name') ?? ''}`.trim(), region];
  }
}
