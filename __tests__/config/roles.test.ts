/**
 * Roles from `genai-demo:multi-region.writer-region` and database generations: the derivation for both
 * writer regions (config and synthesized stacks), generation and snapshot naming, the refusals at synth,
 * and the stack order that follows the roles.
 */
import { databaseIdentifier, finalSnapshotIdentifier } from '../../config/derive';
import { rolesDocument } from '../../components/roles-parameter';
import { configWith, resourcesOf, synthApp, type Json } from '../helpers/app';
import { problemListOf } from './problems';

const TAIWAN = 'ap-east-2';
const TOKYO = 'ap-northeast-1';
const PRIMARY = 'genai-demo-production-primary';
const DR = 'genai-demo-production-dr';
const MULTI = 'genai-demo-production-multi-region';
const FAILOVER = 'genai-demo-production-route53-failover';

/** Writer Tokyo with Taiwan re-protected as generation 2 (a replica of Tokyo). */
const WRITER_TOKYO: Json = {
  'genai-demo:multi-region': { 'writer-region': TOKYO },
  'genai-demo:regions': { regions: { [TAIWAN]: { database: { generation: 2, retired: { 1: 'fenced' } } } } },
};

describe('generation and snapshot naming', () => {
  test('generation 1 keeps the identifier of the first release; later ones carry their number', () => {
    expect(databaseIdentifier('genai-demo-production', 1)).toBe('genai-demo-production-postgres');
    expect(databaseIdentifier('genai-demo-production', 2)).toBe('genai-demo-production-postgres-g2');
    expect(databaseIdentifier('genai-demo-production-dr', 12)).toBe('genai-demo-production-dr-postgres-g12');
  });

  test('final snapshots are unique per generation, generation 1 included', () => {
    const names = [1, 2, 3].map((g) => finalSnapshotIdentifier('genai-demo-production', g));
    expect(names).toEqual([
      'genai-demo-production-postgres-g1-final',
      'genai-demo-production-postgres-g2-final',
      'genai-demo-production-postgres-g3-final',
    ]);
    expect(new Set(names).size).toBe(3);
    // RDS snapshot identifiers: letters, digits, hyphens, at most 255, starting with a letter, no double hyphen.
    for (const n of names) expect(n).toMatch(/^[a-z](?!.*--)[a-z0-9-]{0,254}$/);
  });
});

describe('role derivation', () => {
  test('default: Taiwan writes at full size, Tokyo replicates generation 1 at the derived standby size', () => {
    const c = configWith();
    expect(c.roles).toEqual({
      writerRegion: TAIWAN,
      standbyRegion: TOKYO,
      writer: { region: TAIWAN, identifier: 'genai-demo-production-postgres' },
      replica: { region: TOKYO, identifier: 'genai-demo-production-dr-postgres' },
      databaseDns: {
        zoneName: 'genai-demo-production.internal',
        recordName: 'postgres.genai-demo-production.internal',
      },
    });
    expect([c.primary.isWriter, c.dr!.isWriter]).toEqual([true, false]);
    expect([c.primary.eks.minNodes, c.primary.eks.maxNodes, c.dr!.eks.minNodes, c.dr!.eks.maxNodes]).toEqual([
      2, 10, 1, 8,
    ]);
    expect(c.dr!.database.current).toMatchObject({
      role: 'replica',
      generation: 1,
      source: { region: TAIWAN, identifier: 'genai-demo-production-postgres' },
    });
  });

  test('writer Tokyo: Tokyo runs full size and writes; Taiwan runs standby size and replicates Tokyo into generation 2', () => {
    const c = configWith(WRITER_TOKYO);
    expect(c.roles.writerRegion).toBe(TOKYO);
    expect(c.roles.writer).toEqual({ region: TOKYO, identifier: 'genai-demo-production-dr-postgres' });
    expect(c.roles.replica).toEqual({ region: TAIWAN, identifier: 'genai-demo-production-postgres-g2' });
    expect([c.primary.isWriter, c.dr!.isWriter]).toEqual([false, true]);
    expect([c.dr!.eks.minNodes, c.dr!.eks.maxNodes, c.primary.eks.minNodes, c.primary.eks.maxNodes]).toEqual([
      2, 10, 1, 8,
    ]);
    expect(c.primary.database.instances.map((i) => [i.identifier, i.role, i.deletionProtection])).toEqual([
      ['genai-demo-production-postgres', 'fenced', true],
      ['genai-demo-production-postgres-g2', 'replica', true],
    ]);
    expect(c.dr!.database.current).toMatchObject({ role: 'writer', identifier: 'genai-demo-production-dr-postgres' });
  });

  test('explicit standby sizes in the -dr environment apply to whichever region is the standby', () => {
    const patch = {
      ...WRITER_TOKYO,
      'genai-demo:environments': { 'production-dr': { 'eks-min-nodes': 3, 'eks-max-nodes': 4 } },
    };
    const c = configWith(patch);
    expect([c.primary.eks.minNodes, c.primary.eks.maxNodes, c.dr!.eks.minNodes, c.dr!.eks.maxNodes]).toEqual([
      3, 4, 2, 10,
    ]);
  });

  test('replication off: the standby region runs no current database; retired generations stay', () => {
    const c = configWith({
      ...WRITER_TOKYO,
      'genai-demo:multi-region': { 'writer-region': TOKYO, 'enable-cross-region-replication': false },
    });
    expect(c.roles.replica).toBeUndefined();
    expect(c.primary.database.current).toBeUndefined();
    expect(c.primary.database.instances.map((i) => i.role)).toEqual(['fenced']);
  });

  test('a retired generation marked deletable loses its deletion protection; fenced keeps it', () => {
    const c = configWith({
      'genai-demo:regions': {
        regions: { [TOKYO]: { database: { generation: 3, retired: { 1: 'deletable', 2: 'fenced' } } } },
      },
    });
    expect(c.dr!.database.instances.map((i) => [i.generation, i.role, i.deletionProtection])).toEqual([
      [1, 'fenced', false],
      [2, 'fenced', true],
      [3, 'replica', true],
    ]);
  });

  test('the roles document published in SSM', () => {
    expect(rolesDocument(configWith(WRITER_TOKYO).roles)).toEqual({
      writerRegion: TOKYO,
      writerDatabase: 'genai-demo-production-dr-postgres',
      standbyRegion: TAIWAN,
      replicaDatabase: 'genai-demo-production-postgres-g2',
      databaseHost: 'postgres.genai-demo-production.internal',
    });
  });
});

describe.each([
  [
    'default (writer Taiwan)',
    {},
    { writer: PRIMARY, standby: DR, writerProvider: 'aws.primary', standbyProvider: 'aws.dr' },
  ],
  [
    'writer Tokyo',
    WRITER_TOKYO,
    { writer: DR, standby: PRIMARY, writerProvider: 'aws.dr', standbyProvider: 'aws.primary' },
  ],
])('synthesized roles: %s', (_name, patch, expected) => {
  const { stacks, manifest, config } = synthApp(patch);
  const remoteOf = (value: string) => /cross-stack-reference-input-([\w-]+)\.outputs/.exec(value)?.[1];

  test("api. PRIMARY targets the writer region's ALB and health check, SECONDARY the other's", () => {
    const records = resourcesOf(stacks[FAILOVER], 'aws_route53_record').map(([, r]) => r);
    const byType = (t: string) => records.find((r) => r.failover_routing_policy?.type === t)!;
    expect(remoteOf(byType('PRIMARY').alias.name)).toBe(expected.writer);
    expect(remoteOf(byType('SECONDARY').alias.name)).toBe(expected.standby);
    expect(byType('PRIMARY').set_identifier).toBe(`primary-${config.roles.writerRegion}`);
    const checks = Object.fromEntries(
      resourcesOf(stacks[FAILOVER], 'aws_route53_health_check').map(([id, hc]) => [id, remoteOf(hc.fqdn)]),
    );
    const checkOf = (ref: string) => checks[/aws_route53_health_check\.(\w+)\.id/.exec(ref)![1]];
    expect(checkOf(byType('PRIMARY').health_check_id)).toBe(expected.writer);
    expect(checkOf(byType('SECONDARY').health_check_id)).toBe(expected.standby);
  });

  test("the database CNAME points at the writer's endpoint, in a private zone of both VPCs", () => {
    const [, cname] = resourcesOf(stacks[FAILOVER], 'aws_route53_record').find(([, r]) => r.type === 'CNAME')!;
    expect(cname.name).toBe('postgres.genai-demo-production.internal');
    expect(remoteOf(cname.records[0])).toBe(expected.writer);
    expect(cname.records[0]).toMatch(/address\}$/);
    const [, zone] = resourcesOf(stacks[FAILOVER], 'aws_route53_zone')[0];
    expect(zone.vpc.map((v: Json) => [v.vpc_region, remoteOf(v.vpc_id)])).toEqual([
      [TAIWAN, PRIMARY],
      [TOKYO, DR],
    ]);
  });

  test('the lag alarm and the replica subscription are in the standby region; the source subscription in the writer region', () => {
    const [, alarm] = resourcesOf(stacks[MULTI], 'aws_cloudwatch_metric_alarm').find(
      ([, a]) => a.metric_name === 'ReplicaLag',
    )!;
    expect(alarm.provider).toBe(expected.standbyProvider);
    expect(remoteOf(alarm.dimensions.DBInstanceIdentifier)).toBe(expected.standby);
    const subs = resourcesOf(stacks[MULTI], 'aws_db_event_subscription').map(([, s]) => [
      s.provider,
      remoteOf(s.source_ids[0]),
      s.name,
    ]);
    expect(subs).toContainEqual([
      expected.standbyProvider,
      expected.standby,
      expect.stringMatching(/-replica-events$/),
    ]);
    expect(subs).toContainEqual([
      expected.writerProvider,
      expected.writer,
      expect.stringMatching(/-source-db-events$/),
    ]);
    const dashboard = JSON.parse(resourcesOf(stacks[MULTI], 'aws_cloudwatch_dashboard')[0][1].dashboard_body);
    const lagWidget = dashboard.widgets.find((w: Json) =>
      JSON.stringify(w.properties?.metrics ?? []).includes('ReplicaLag'),
    );
    expect(lagWidget.properties.region).toBe(config.roles.standbyRegion);
  });

  test("the writer region's stack applies first (manifest order); neither region stack reads the other's state", () => {
    expect(manifest.stacks[expected.standby].dependencies).toEqual([expected.writer]);
    expect(manifest.stacks[expected.writer].dependencies).toEqual([]);
    for (const name of [PRIMARY, DR]) expect(stacks[name].data?.terraform_remote_state).toBeUndefined();
  });

  test('node groups: full size in the writer region, standby size in the other; DR parameters and roles parameters say so', () => {
    const sizes = (name: string) => resourcesOf(stacks[name], 'aws_eks_node_group')[0][1].scaling_config;
    expect(sizes(expected.writer)).toMatchObject({ min_size: 2, max_size: 10 });
    expect(sizes(expected.standby)).toMatchObject({ min_size: 1, max_size: 8 });
    const params = Object.fromEntries(
      resourcesOf(stacks[DR], 'aws_ssm_parameter').map(([, p]) => [p.name, p.insecure_value]),
    );
    expect(params['/genai-demo-production/dr/writer-region']).toBe(config.roles.writerRegion);
    expect(params['/genai-demo-production/dr/db-role']).toBe(expected.writer === DR ? 'writer' : 'replica');
    for (const name of [PRIMARY, DR]) {
      const roles = resourcesOf(stacks[name], 'aws_ssm_parameter').find(
        ([, p]) => p.name === '/genai-demo-production/roles',
      )![1];
      expect(JSON.parse(roles.insecure_value).writerRegion).toBe(config.roles.writerRegion);
    }
  });
});

test('a Tokyo-only recovery needs no API of ap-east-2: the DR and failover stacks hold no ap-east-2 provider', () => {
  const { stacks } = synthApp(WRITER_TOKYO);
  for (const name of [DR, FAILOVER]) {
    const regions = (stacks[name].provider.aws as Json[]).map((p) => p.region);
    expect({ name, regions: regions.filter((r) => r === TAIWAN) }).toEqual({ name, regions: [] });
  }
  expect(stacks[DR].data?.terraform_remote_state).toBeUndefined();
});

test('without replication the two region stacks do not depend on each other', () => {
  const { manifest } = synthApp({ 'genai-demo:multi-region': { 'enable-cross-region-replication': false } });
  expect(manifest.stacks[PRIMARY].dependencies).toEqual([]);
  expect(manifest.stacks[DR].dependencies).toEqual([]);
});

describe('refusals at synth, with the key named', () => {
  test.each<[string, Json, RegExp]>([
    [
      'a writer region that is not one of the two',
      { 'genai-demo:multi-region': { 'writer-region': 'us-west-2' } },
      /^genai-demo:multi-region\.writer-region "us-west-2": expected one of the two regions of the pair/,
    ],
    [
      'a writer region other than the primary without DR',
      { 'genai-demo:environment': 'development', 'genai-demo:multi-region': { 'writer-region': TOKYO } },
      /^genai-demo:multi-region\.writer-region "ap-northeast-1": expected ap-east-2 .*without DR/,
    ],
    [
      'a generation below 1',
      { 'genai-demo:regions': { regions: { [TOKYO]: { database: { generation: 0 } } } } },
      /^genai-demo:regions\.regions\.ap-northeast-1\.database\.generation 0: expected a generation of at least 1/,
    ],
    [
      'a retired generation at the current one (going backwards)',
      { 'genai-demo:regions': { regions: { [TOKYO]: { database: { generation: 2, retired: { 2: 'fenced' } } } } } },
      /^genai-demo:regions\.regions\.ap-northeast-1\.database\.retired\.2 "fenced": expected a generation below the current one \(2\)/,
    ],
    [
      'a retired generation above the current one',
      { 'genai-demo:regions': { regions: { [TOKYO]: { database: { generation: 2, retired: { 3: 'deletable' } } } } } },
      /^genai-demo:regions\.regions\.ap-northeast-1\.database\.retired\.3 "deletable": expected a generation below the current one/,
    ],
    [
      'retiring the current writer',
      { 'genai-demo:regions': { regions: { [TAIWAN]: { database: { generation: 1, retired: { 1: 'fenced' } } } } } },
      /^genai-demo:regions\.regions\.ap-east-2\.database\.retired\.1 "fenced": expected not the current writer/,
    ],
    [
      'generation 1 of the primary region made a replica (a standalone instance never becomes one)',
      { 'genai-demo:multi-region': { 'writer-region': TOKYO } },
      /^genai-demo:regions\.regions\.ap-east-2\.database\.generation 1: expected 2 or more/,
    ],
    [
      'a retired key that is not a generation number',
      { 'genai-demo:regions': { regions: { [TOKYO]: { database: { generation: 2, retired: { one: 'fenced' } } } } } },
      /retired\.one "one": expected a generation number/,
    ],
    [
      'a replica whose source is itself (both roles in one region)',
      { 'genai-demo:regions': { secondary: TAIWAN } },
      /^genai-demo:multi-region\.writer-region "ap-east-2": expected a region whose replica is in another region/,
    ],
  ])('%s', (_name, patch, message) => {
    expect(problemListOf(patch)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('the boundaries that pass: generation 1, a retired generation just below the current, writer Tokyo with Taiwan at generation 2', () => {
    expect(problemListOf({ 'genai-demo:regions': { regions: { [TOKYO]: { database: { generation: 1 } } } } })).toEqual(
      [],
    );
    expect(
      problemListOf({
        'genai-demo:regions': { regions: { [TOKYO]: { database: { generation: 2, retired: { 1: 'fenced' } } } } },
      }),
    ).toEqual([]);
    expect(problemListOf(WRITER_TOKYO)).toEqual([]);
    expect(problemListOf({ 'genai-demo:multi-region': { 'writer-region': TAIWAN } })).toEqual([]);
  });

  test('an unknown disposition is refused by the schema', () => {
    expect(
      problemListOf({
        'genai-demo:regions': { regions: { [TOKYO]: { database: { generation: 2, retired: { 1: 'gone' } } } } },
      }),
    ).toEqual([
      expect.stringMatching(
        /^genai-demo:regions\.regions\.ap-northeast-1\.database\.retired\.1 "gone": expected one of "fenced", "deletable"/,
      ),
    ]);
  });
});
