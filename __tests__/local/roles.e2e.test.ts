/**
 * End to end on the local AWS emulator: the role cycle of issue 13, applied in order through Terraform.
 * The default deployment → writer Tokyo (promotion in place; Taiwan generation 1 fenced; no replica) →
 * Taiwan generation 2 as a replica of Tokyo → writer Taiwan generation 2 (promotion) → Tokyo generation 2
 * as a replica of Taiwan → destroy to nothing. Each step re-synthesizes with its context overrides,
 * applies only the stacks whose Terraform changed (and their dependents), re-plans every stack side by side
 * expecting `terraform plan -detailed-exitcode` exit 0, and reads the roles back through the emulator's
 * own APIs. The suite runs its own emulator in its own work dir and always stops it (afterAll).
 */
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient, type DBInstance } from '@aws-sdk/client-rds';
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig, RegionDeployment } from '../../config';
import { ROUTE53_REGION, clientSettings } from '../../tools/local/aws';
import { applyAll, describeFailures, destroyAll, replanAll, stackDigests, stacksToApply, type RunSummary } from '../../tools/local/deploy';
import { disableDeletionProtection } from '../../tools/local/destroy';
import { stopEmulator } from '../../tools/local/emulator';
import { killChildren } from '../../tools/local/process';
import { Progress } from '../../tools/local/progress';
import { openSession, resynthesize, type LocalSession } from '../../tools/local/session';
import { ROOT } from '../../tools/lib/terraform';
import { ROLE_SEQUENCE, overridePairs, type RoleStep } from '../helpers/role-sequence';

const MINUTE = 60_000;
const workDir = mkdtempSync(join(tmpdir(), 'genai-demo-roles-e2e-'));
const progress = new Progress({ write: (line) => process.stdout.write(`${line}\n`), heartbeatMs: 30_000 });
let session: LocalSession | undefined;
const t0 = Date.now();
/** Digests of the stacks as last applied: the next step applies only what differs. */
let applied = new Map<string, string>();

function need(): LocalSession {
  if (session === undefined) throw new Error('the emulator session did not start (see beforeAll)');
  return session;
}

function expectOk(summary: RunSummary): void {
  expect(describeFailures(summary)).toEqual([]);
  expect(summary.ok).toBe(true);
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'main.js'))) execFileSync(process.execPath, [join(ROOT, 'tools', 'build.mjs')], { cwd: ROOT });
  session = await openSession({ workDir, progress });
}, 3 * MINUTE);

afterAll(async () => {
  killChildren('SIGKILL');
  if (session) await stopEmulator(session.paths.emulatorFile);
  rmSync(workDir, { recursive: true, force: true });
  process.stdout.write(`roles e2e: wall time ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}, MINUTE);

const regionsOf = (config: AppConfig): RegionDeployment[] => [config.primary, config.dr!];

async function dbInstances(env: NodeJS.ProcessEnv, region: string): Promise<DBInstance[]> {
  const rds = new RDSClient(clientSettings(region, env));
  try {
    return (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [];
  } finally {
    rds.destroy();
  }
}

async function recordSets(env: NodeJS.ProcessEnv, zoneName: string, privateZone: boolean): Promise<ResourceRecordSet[]> {
  const r53 = new Route53Client(clientSettings(ROUTE53_REGION, env));
  try {
    const zones = (await r53.send(new ListHostedZonesByNameCommand({ DNSName: zoneName }))).HostedZones ?? [];
    const zone = zones.find((z) => z.Name?.replace(/\.$/, '') === zoneName && (z.Config?.PrivateZone ?? false) === privateZone);
    if (zone === undefined) throw new Error(`no ${privateZone ? 'private' : 'public'} hosted zone ${zoneName}`);
    return (await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone.Id }))).ResourceRecordSets ?? [];
  } finally {
    r53.destroy();
  }
}

async function albDnsName(env: NodeJS.ProcessEnv, region: string): Promise<string> {
  const elb = new ElasticLoadBalancingV2Client(clientSettings(region, env));
  try {
    const lbs = (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
    expect(lbs).toHaveLength(1);
    return lbs[0].DNSName!.toLowerCase();
  } finally {
    elb.destroy();
  }
}

/** DescribeNodegroup through the AWS CLI (the project has no EKS SDK client), against the emulator. */
function describeNodegroup(env: NodeJS.ProcessEnv, region: string, clusterName: string, nodegroupName: string) {
  const out = execFileSync(
    'aws',
    ['eks', 'describe-nodegroup', '--region', region, '--endpoint-url', env.AWS_ENDPOINT_URL!, '--cluster-name', clusterName, '--nodegroup-name', nodegroupName, '--output', 'json'],
    { env, encoding: 'utf8' },
  );
  return (JSON.parse(out) as { nodegroup?: { scalingConfig?: { minSize?: number; maxSize?: number; desiredSize?: number } } }).nodegroup;
}

const bare = (name: string | undefined) => (name ?? '').toLowerCase().replace(/\.$/, '').replace(/^dualstack\./, '');

/** What the emulator says about the roles, checked against the step's expectation. */
async function checkRoles(s: LocalSession, step: RoleStep): Promise<void> {
  const env = s.awsEnv;
  const config = s.config;
  expect(config.roles.writerRegion).toBe(step.writer);

  // Databases: exactly the expected instances per region; the writer and fenced ones standalone, each
  // replica's source the writer's ARN; fenced ones behind the rule-less security group.
  const writerIdentifier = config.roles.writer.identifier;
  let writerInstance: DBInstance | undefined;
  for (const d of regionsOf(config)) {
    const instances = await dbInstances(env, d.region);
    const expected = step.expect[d.region];
    expect(instances.map((i) => i.DBInstanceIdentifier).sort()).toEqual(Object.keys(expected).sort());
    for (const instance of instances) {
      const role = expected[instance.DBInstanceIdentifier!];
      const source = instance.ReadReplicaSourceDBInstanceIdentifier;
      if (role === 'replica') {
        expect(source).toMatch(new RegExp(`^arn:aws:rds:${step.writer}:\\d{12}:db:${writerIdentifier}$`));
      } else {
        expect({ identifier: instance.DBInstanceIdentifier, source }).toEqual({ identifier: instance.DBInstanceIdentifier, source: undefined });
      }
      if (role === 'writer') writerInstance = instance;
      const ec2 = new EC2Client(clientSettings(d.region, env));
      try {
        const groupIds = (instance.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId!);
        const groups = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds }))).SecurityGroups ?? [];
        const fenced = groups.every((g) => g.GroupName === `${d.namePrefix}-db-fenced`);
        expect({ identifier: instance.DBInstanceIdentifier, fenced }).toEqual({ identifier: instance.DBInstanceIdentifier, fenced: role === 'fenced' });
      } finally {
        ec2.destroy();
      }
    }
    // DbiResourceId is the instance's own (the emulator fix): no two instances share one.
    const ids = instances.map((i) => i.DbiResourceId);
    expect(new Set(ids).size).toBe(ids.length);
  }
  expect(writerInstance?.DBInstanceIdentifier).toBe(writerIdentifier);

  // api. PRIMARY points at the writer region's ALB, SECONDARY at the other's.
  const records = await recordSets(env, config.domain, false);
  const failover = records.filter((r) => bare(r.Name) === `api.${config.domain}` && r.Type === 'A');
  const target = (type: string) => bare(failover.find((r) => r.Failover === type)?.AliasTarget?.DNSName);
  const standby = config.roles.standbyRegion!;
  expect({ PRIMARY: target('PRIMARY'), SECONDARY: target('SECONDARY') }).toEqual({
    PRIMARY: bare(await albDnsName(env, step.writer)),
    SECONDARY: bare(await albDnsName(env, standby)),
  });

  // The application's database name follows the writer.
  const dns = config.roles.databaseDns!;
  const cname = (await recordSets(env, dns.zoneName, true)).find((r) => bare(r.Name) === dns.recordName && r.Type === 'CNAME');
  expect(cname?.ResourceRecords?.map((r) => r.Value)).toEqual([writerInstance?.Endpoint?.Address]);

  // Node groups: full size where the writer is, standby size elsewhere; the roles document in both regions.
  for (const d of regionsOf(config)) {
    const ssm = new SSMClient(clientSettings(d.region, env));
    try {
      const ng = describeNodegroup(env, d.region, d.namePrefix, `${d.namePrefix}-default`);
      const full = { minSize: config.primary.isWriter ? config.primary.eks.minNodes : config.dr!.eks.minNodes };
      expect({ region: d.region, min: ng?.scalingConfig?.minSize, max: ng?.scalingConfig?.maxSize }).toEqual({
        region: d.region,
        min: d.eks.minNodes,
        max: d.eks.maxNodes,
      });
      if (d.region === step.writer) expect(ng?.scalingConfig?.minSize).toBe(full.minSize);
      const roles = JSON.parse((await ssm.send(new GetParameterCommand({ Name: `/${config.namePrefix}/roles` }))).Parameter!.Value!);
      expect({ region: d.region, writerRegion: roles.writerRegion, writerDatabase: roles.writerDatabase }).toEqual({
        region: d.region,
        writerRegion: step.writer,
        writerDatabase: writerIdentifier,
      });
    } finally {
      ssm.destroy();
    }
  }
  // Sizing really moves with the writer: the writer region runs the primary environment's bounds.
  const writerDeployment = regionsOf(config).find((d) => d.region === step.writer)!;
  const standbyDeployment = regionsOf(config).find((d) => d.region === standby)!;
  expect(writerDeployment.eks.minNodes).toBeGreaterThan(standbyDeployment.eks.minNodes);
}

describe.each(ROLE_SEQUENCE.map((step, i) => [i, step] as const))('step %i', (i, step) => {
  test(
    `${step.name}: applies, re-plans with no changes, roles read back`,
    async () => {
      let s = need();
      let only: Set<string> | undefined;
      if (i > 0) {
        s = session = await resynthesize(s, overridePairs(step.patch));
        only = stacksToApply(s.deployment, applied);
        progress.note(`step ${i}: applying ${[...only].join(', ') || 'nothing'}`);
      }
      expectOk(await applyAll(s.deployment, { only }));
      applied = stackDigests(s.deployment);

      const plans = await replanAll(s.deployment);
      expectOk(plans);
      const exitCodes = plans.results.filter((r) => r.phase === 'plan').map((r) => [r.stack, r.quirks === undefined ? 0 : 2]);
      expect(exitCodes).toEqual(exitCodes.map(([stack]) => [stack, 0]));
      expect(exitCodes).toHaveLength(4);

      await checkRoles(s, step);
    },
    25 * MINUTE,
  );
});

test(
  'destroy to nothing: no DB instance left, one final snapshot per deleted standalone generation, names unique',
  async () => {
    const s = need();
    await disableDeletionProtection(s.config, s.awsEnv);
    expectOk(await destroyAll(s.deployment));
    const snapshots: string[] = [];
    for (const d of regionsOf(s.config)) {
      expect(await dbInstances(s.awsEnv, d.region)).toEqual([]);
      const rds = new RDSClient(clientSettings(d.region, s.awsEnv));
      try {
        const all = (await rds.send(new DescribeDBSnapshotsCommand({ SnapshotType: 'manual' }))).DBSnapshots ?? [];
        snapshots.push(...all.map((x) => x.DBSnapshotIdentifier!));
      } finally {
        rds.destroy();
      }
    }
    // Taiwan generation 1 (deleted at step 3), Taiwan generation 2 and Tokyo generation 1 (at destroy);
    // no snapshot of Tokyo generation 2, a replica (RDS takes none of a read replica).
    expect(snapshots.sort()).toEqual([
      'genai-demo-production-dr-postgres-g1-final',
      'genai-demo-production-postgres-g1-final',
      'genai-demo-production-postgres-g2-final',
    ]);
  },
  15 * MINUTE,
);
