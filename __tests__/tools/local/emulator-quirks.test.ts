import {
  changedAttributes,
  classifyPlan,
  describeExcused,
  type PlanResourceChange,
} from '../../../tools/local/emulator-quirks';

const update = (
  type: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  afterUnknown: Record<string, unknown> = {},
): PlanResourceChange => ({
  address: `${type}.X`,
  type,
  change: { actions: ['update'], before, after, after_unknown: afterUnknown },
});

describe('emulator quirk classification of a re-plan', () => {
  test('changedAttributes: differing and unknown-after attributes only', () => {
    expect(
      changedAttributes({
        actions: ['update'],
        before: { a: 1, b: [1], c: 'x' },
        after: { a: 1, b: [2], c: 'x' },
        after_unknown: { c: true },
      }),
    ).toEqual(['b', 'c']);
    expect(
      changedAttributes({
        actions: ['update'],
        before: { a: [{ v: 1 }] },
        after: { a: [{ v: 1 }] },
        after_unknown: { a: [{ v: false }] },
      }),
    ).toEqual([]);
  });

  test('a security group rule whose description the emulator lost is excused', () => {
    const rc = update(
      'aws_vpc_security_group_ingress_rule',
      { description: null, from_port: 5432 },
      { description: 'PostgreSQL', from_port: 5432 },
    );
    const judged = classifyPlan([rc]);
    expect(judged).toEqual({
      excused: [
        { address: 'aws_vpc_security_group_ingress_rule.X', attributes: ['description'], quirk: 'sg-rule-description' },
      ],
      unexplained: [],
    });
    expect(describeExcused(judged.excused[0])).toBe(
      'aws_vpc_security_group_ingress_rule.X: description (emulator quirk sg-rule-description)',
    );
  });

  test('a changed description (not lost) is real drift', () => {
    const rc = update('aws_vpc_security_group_ingress_rule', { description: 'old' }, { description: 'new' });
    expect(classifyPlan([rc]).unexplained).toEqual(['aws_vpc_security_group_ingress_rule.X: update description']);
  });

  test('an extra attribute next to a quirk is real drift', () => {
    const rc = update(
      'aws_vpc_security_group_ingress_rule',
      { description: null, from_port: 5432 },
      { description: 'x', from_port: 443 },
    );
    expect(classifyPlan([rc]).excused).toEqual([]);
    expect(classifyPlan([rc]).unexplained).toHaveLength(1);
  });

  test('creates, deletes and replacements are never excused', () => {
    const create: PlanResourceChange = {
      address: 'aws_vpc.V',
      type: 'aws_vpc',
      change: { actions: ['create'], before: null, after: { cidr_block: '10.2.0.0/16' } },
    };
    const replace: PlanResourceChange = {
      address: 'aws_vpc_security_group_ingress_rule.R',
      type: 'aws_vpc_security_group_ingress_rule',
      change: { actions: ['delete', 'create'], before: { description: null }, after: { description: 'x' } },
    };
    expect(classifyPlan([create, replace]).unexplained).toEqual([
      'aws_vpc.V: create cidr_block',
      'aws_vpc_security_group_ingress_rule.R: delete+create description',
    ]);
  });

  test("launch template: only the template's own tags echoed back are excused", () => {
    const own = update(
      'aws_launch_template',
      {
        tag_specifications: [{ resource_type: 'launch-template', tags: { Project: 'genai-demo' } }],
        latest_version: 1,
      },
      { tag_specifications: [], latest_version: null },
      { latest_version: true },
    );
    expect(classifyPlan([own]).unexplained).toEqual([]);
    const instanceTags = update(
      'aws_launch_template',
      { tag_specifications: [{ resource_type: 'instance', tags: {} }] },
      { tag_specifications: [] },
    );
    expect(classifyPlan([instanceTags]).unexplained).toHaveLength(1);
  });

  test('no-op and read actions are ignored', () => {
    const noop: PlanResourceChange = {
      address: 'aws_vpc.V',
      type: 'aws_vpc',
      change: { actions: ['no-op'], before: {}, after: {} },
    };
    expect(classifyPlan([noop])).toEqual({ excused: [], unexplained: [] });
  });
});

describe('peering tags shared by both sides on the emulator', () => {
  // As seen on moto: the accepter (Tokyo) reads the requester's (Taiwan) full tag set.
  const defaults = { Environment: 'production', ManagedBy: 'cdktf', Project: 'genai-demo' };
  const requesterAll = { ...defaults, Name: 'to-dr', Region: 'Taiwan', RegionRole: 'primary', Side: 'Requester' };
  const accepterAll = { ...defaults, Name: 'from-primary', Region: 'Tokyo', RegionRole: 'secondary', Side: 'Accepter' };
  const requester: PlanResourceChange = {
    address: 'aws_vpc_peering_connection.R',
    type: 'aws_vpc_peering_connection',
    change: {
      actions: ['no-op'],
      before: { id: 'pcx-1', tags: { Name: 'to-dr', Side: 'Requester' }, tags_all: requesterAll },
      after: { id: 'pcx-1', tags: { Name: 'to-dr', Side: 'Requester' }, tags_all: requesterAll },
    },
  };
  const accepterReading = (tagsAll: Record<string, string>) =>
    update(
      'aws_vpc_peering_connection_accepter',
      {
        id: 'pcx-1',
        tags: { Name: tagsAll.Name, Region: tagsAll.Region, RegionRole: tagsAll.RegionRole, Side: tagsAll.Side },
        tags_all: tagsAll,
      },
      { id: 'pcx-1', tags: { Name: 'from-primary', Side: 'Accepter' }, tags_all: accepterAll },
    );

  test("the accepter reading exactly the requester's tag set is excused", () => {
    expect(classifyPlan([requester, accepterReading(requesterAll)])).toEqual({
      excused: [
        {
          address: 'aws_vpc_peering_connection_accepter.X',
          attributes: ['tags', 'tags_all'],
          quirk: 'peering-shared-tags',
        },
      ],
      unexplained: [],
    });
  });

  test('tags that match no other side are real drift', () => {
    expect(
      classifyPlan([requester, accepterReading({ ...requesterAll, Name: 'edited by hand' })]).unexplained,
    ).toHaveLength(1);
    expect(classifyPlan([accepterReading(requesterAll)]).unexplained).toHaveLength(1);
  });
});
