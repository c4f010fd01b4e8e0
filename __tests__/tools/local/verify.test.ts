/**
 * Verification against the roles (tools/local/verify.ts), for every state of the role cycle
 * (__tests__/helpers/role-sequence.ts): a read-back built from what each step says the APIs should show
 * (the step's expected instances, and api. PRIMARY on the writer region's ALB) passes every record and
 * database check with the config of that step, and each way the read-back can disagree with the roles
 * fails with the instance or record named.
 */
import type { DBInstance } from '@aws-sdk/client-rds';
import type { HealthCheck, ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { AppConfig } from '../../../config';
import {
  DEFAULT_HEALTH_PATH,
  DEFAULT_HEALTH_PORT,
  DEFAULT_HEALTH_SEARCH_STRING,
} from '../../../components/health-check';
import type { Inventory, RegionInventory } from '../../../tools/local/inventory';
import { verifyInventory, type CheckResult } from '../../../tools/local/verify';
import { configWith } from '../../helpers/app';
import { ROLE_SEQUENCE, type RoleStep } from '../../helpers/role-sequence';

const ACCOUNT = '123456789012';
const TYPES = new Set(['aws_vpc', 'aws_route53_health_check', 'aws_route53_record', 'aws_db_instance']);

const arn = (region: string, id: string) => `arn:aws:rds:${region}:${ACCOUNT}:db:${id}`;
const albDns = (region: string) => `genai-demo-alb-1.${region}.elb.amazonaws.com`;
const hcId = (region: string) => `hc-${region}`;

/** The instances a step expects in a region, as DescribeDBInstances shows them; the replica's source is the step's writer. */
function databasesOf(step: RoleStep, region: string): DBInstance[] {
  const writerRegion = step.writer;
  const writerId = Object.entries(step.expect[writerRegion]).find(([, role]) => role === 'writer')![0];
  return Object.entries(step.expect[region] ?? {}).map(([id, role]) => ({
    DBInstanceIdentifier: id,
    DBInstanceArn: arn(region, id),
    DeletionProtection: true,
    ...(role === 'replica' ? { ReadReplicaSourceDBInstanceIdentifier: arn(writerRegion, writerId) } : {}),
  }));
}

function regionInventory(config: AppConfig, step: RoleStep, which: 'primary' | 'dr'): RegionInventory {
  const deployment = which === 'primary' ? config.primary : config.dr!;
  return {
    deployment,
    vpc: { VpcId: `vpc-${deployment.region}` },
    subnets: [],
    routeTables: [],
    peerings: [],
    loadBalancers: [
      { lb: { DNSName: albDns(deployment.region), Scheme: 'internet-facing', Type: 'application' }, listeners: [] },
    ],
    databases: databasesOf(step, deployment.region),
    alarms: [],
    compositeAlarms: [],
  };
}

function healthCheck(config: AppConfig, region: string): HealthCheck {
  return {
    Id: hcId(region),
    CallerReference: region,
    HealthCheckVersion: 1,
    HealthCheckConfig: {
      Type: 'HTTPS_STR_MATCH',
      FullyQualifiedDomainName: albDns(region),
      Port: DEFAULT_HEALTH_PORT,
      ResourcePath: DEFAULT_HEALTH_PATH,
      SearchString: DEFAULT_HEALTH_SEARCH_STRING,
      RequestInterval: config.multiRegion.healthCheckIntervalSeconds,
      FailureThreshold: config.multiRegion.healthCheckFailureThreshold,
      EnableSNI: true,
      Regions: [...config.multiRegion.healthCheckRegions] as NonNullable<HealthCheck['HealthCheckConfig']>['Regions'],
    },
  } as HealthCheck;
}

/** The records as the failover stack creates them for a step: PRIMARY on the step's writer region. */
function records(config: AppConfig, step: RoleStep): ResourceRecordSet[] {
  const name = (label: string) => `${label}.${config.domain}.`;
  const standby = [config.primary.region, config.dr!.region].find((r) => r !== step.writer)!;
  const alias = (region: string, evaluate = true) => ({
    DNSName: `dualstack.${albDns(region)}.`,
    HostedZoneId: 'Z1',
    EvaluateTargetHealth: evaluate,
  });
  return [
    {
      Name: name('api'),
      Type: 'A',
      SetIdentifier: `primary-${step.writer}`,
      Failover: 'PRIMARY',
      HealthCheckId: hcId(step.writer),
      AliasTarget: alias(step.writer),
    },
    {
      Name: name('api'),
      Type: 'A',
      SetIdentifier: `secondary-${standby}`,
      Failover: 'SECONDARY',
      HealthCheckId: hcId(standby),
      AliasTarget: alias(standby),
    },
    ...[config.primary.region, config.dr!.region].map((r) => ({
      Name: name('api-latency'),
      Type: 'A' as const,
      SetIdentifier: r,
      Region: r as ResourceRecordSet['Region'],
      HealthCheckId: hcId(r),
      AliasTarget: alias(r),
    })),
    { Name: name('dr'), Type: 'A', AliasTarget: alias(config.dr!.region) },
    { Name: name('api-dr'), Type: 'A', AliasTarget: alias(config.dr!.region) },
  ];
}

function inventoryOf(config: AppConfig, step: RoleStep): Inventory {
  return {
    primary: regionInventory(config, step, 'primary'),
    dr: regionInventory(config, step, 'dr'),
    zone: { Id: '/hostedzone/Z1', Name: `${config.domain}.`, CallerReference: 'z' },
    records: records(config, step),
    healthChecks: [healthCheck(config, config.primary.region), healthCheck(config, config.dr!.region)],
    globalAlarms: [],
    globalCompositeAlarms: [],
  };
}

const failed = (results: readonly CheckResult[]) =>
  results.filter((r) => r.status === 'fail').map((r) => `${r.name}: ${r.detail}`);
const configs = new Map<string, AppConfig>();
const configOf = (step: RoleStep) => {
  if (!configs.has(step.name)) configs.set(step.name, configWith(step.patch));
  return configs.get(step.name)!;
};

describe.each(ROLE_SEQUENCE.map((step, i) => [`${i}. ${step.name}`, step] as const))('%s', (_label, step) => {
  test('the read-back the step expects passes every record and database check', () => {
    const config = configOf(step);
    const results = verifyInventory(config, inventoryOf(config, step), TYPES);
    expect(failed(results)).toEqual([]);
    expect(results.filter((r) => r.status === 'skip').map((r) => r.name)).toEqual([
      'VPC peering and routes',
      'Route 53 alarms',
    ]);
    // One check per planned instance and one "no other database" per region: the instance checks ran.
    const instanceChecks = results.filter((r) => r.name.startsWith('database '));
    expect(instanceChecks.map((r) => r.name.split(' ')[1]).sort()).toEqual(
      Object.values(step.expect)
        .flatMap((m) => Object.keys(m))
        .sort(),
    );
    const primary = results.find((r) => r.name.endsWith('failover records'))!;
    expect(primary.detail).toContain(`PRIMARY → ${albDns(step.writer)} (writer, ${step.writer})`);
  });

  test('api. PRIMARY still on the other region fails, naming the writer region', () => {
    const config = configOf(step);
    const inv = inventoryOf(config, step);
    const swapped = inv.records.map((r) =>
      r.Failover === undefined ? r : { ...r, Failover: r.Failover === 'PRIMARY' ? 'SECONDARY' : 'PRIMARY' },
    ) as ResourceRecordSet[];
    const results = verifyInventory(config, { ...inv, records: swapped }, TYPES);
    expect(failed(results)).toEqual([
      expect.stringMatching(new RegExp(`failover records: PRIMARY → .* \\(want the writer region ${step.writer}: `)),
    ]);
  });

  test('a planned instance missing, in the wrong role, or an unplanned one, fails naming it', () => {
    const config = configOf(step);
    const inv = inventoryOf(config, step);
    const writerId = config.roles.writer.identifier;
    const with_ = (region: 'primary' | 'dr', databases: DBInstance[]): Inventory => ({
      ...inv,
      [region]: { ...inv[region]!, databases },
    });
    const writerSide = config.primary.region === step.writer ? 'primary' : 'dr';

    // The writer still a replica (promotion not done).
    const notPromoted = inv[writerSide]!.databases.map((d) =>
      d.DBInstanceIdentifier === writerId
        ? { ...d, ReadReplicaSourceDBInstanceIdentifier: arn('xx-west-1', 'old') }
        : d,
    );
    expect(failed(verifyInventory(config, with_(writerSide, notPromoted), TYPES))).toEqual([
      expect.stringMatching(
        new RegExp(`^database ${writerId} \\(${step.writer}\\) is the writer: ${writerId} is a read replica of`),
      ),
    ]);

    // The writer gone.
    const gone = inv[writerSide]!.databases.filter((d) => d.DBInstanceIdentifier !== writerId);
    const goneFailures = failed(verifyInventory(config, with_(writerSide, gone), TYPES));
    expect(goneFailures).toContainEqual(
      expect.stringMatching(
        new RegExp(`^database ${writerId} .*: no DB instance ${writerId} in the ${step.writer} VPC`),
      ),
    );

    // An instance no config names (an old generation still running).
    const stray = [
      ...inv.primary.databases,
      { DBInstanceIdentifier: 'genai-demo-production-postgres-g9', DBInstanceArn: arn(config.primary.region, 'g9') },
    ];
    expect(failed(verifyInventory(config, with_('primary', stray), TYPES))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^no other database in the ${config.primary.region} VPC: not in the roles: genai-demo-production-postgres-g9$`,
        ),
      ),
    ]);
  });

  if (configOf(step).roles.replica !== undefined) {
    test('the replica replicating anything but the writer fails', () => {
      const config = configOf(step);
      const replica = config.roles.replica!;
      const inv = inventoryOf(config, step);
      const side = config.primary.region === replica.region ? 'primary' : 'dr';
      const fenced =
        Object.entries(step.expect[config.roles.writer.region]).find(([, role]) => role === 'fenced')?.[0] ??
        'another-instance';
      const databases = inv[side]!.databases.map((d) =>
        d.DBInstanceIdentifier === replica.identifier
          ? { ...d, ReadReplicaSourceDBInstanceIdentifier: arn(config.roles.writer.region, fenced) }
          : d,
      );
      expect(failed(verifyInventory(config, { ...inv, [side]: { ...inv[side]!, databases } }, TYPES))).toEqual([
        expect.stringMatching(
          new RegExp(
            `^database ${replica.identifier} \\(${replica.region}\\) is the replica: ${replica.identifier} replicates .*${fenced}, want ${arn(config.roles.writer.region, config.roles.writer.identifier)}$`,
          ),
        ),
      ]);
    });
  }
});
