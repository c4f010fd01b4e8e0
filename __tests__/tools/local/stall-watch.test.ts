import { StallWatch, describeStall, parseStillDestroying } from '../../../tools/local/stall-watch';
import type { Orphan } from '../../../tools/local/orphans';

const stack = { name: 'genai-demo-production-primary', dir: '/nowhere', dependencies: [] };
const orphan: Orphan = {
  type: 'aws_route_table',
  id: 'rtb-2',
  region: 'ap-east-2',
  vpcId: 'vpc-1',
  expectedOwner: 'genai-demo-production-primary (owns vpc-1 as aws_vpc.Vpc)',
};
const line = (elapsed: string, id = 'vpc-1') =>
  `aws_vpc.Network_Vpc_1A2B: Still destroying... [id=${id}, ${elapsed} elapsed]`;

describe('terraform progress lines', () => {
  test.each([
    ['10s', 10],
    ['1m0s', 60],
    ['8m54s', 534],
    ['1h2m3s', 3723],
  ])('"%s elapsed" is %i s', (elapsed, seconds) => {
    expect(parseStillDestroying(line(elapsed))).toEqual({ address: 'aws_vpc.Network_Vpc_1A2B', id: 'vpc-1', seconds });
  });

  test('other lines are not stalls', () => {
    expect(parseStillDestroying('aws_vpc.x: Still creating... [id=vpc-1, 10s elapsed]')).toBeUndefined();
    expect(parseStillDestroying('aws_vpc.x: Destruction complete after 1s')).toBeUndefined();
  });
});

describe('StallWatch', () => {
  test('diagnoses after 30 s and stops the destroy when something in the VPC belongs to no state', async () => {
    const calls: string[] = [];
    const watch = new StallWatch(stack, [stack], {}, {}, async (s) => {
      calls.push(s.id);
      return [orphan];
    });
    expect(await watch.line(line('20s'))).toEqual({ kind: 'wait' });
    expect(calls).toEqual([]);
    const verdict = await watch.line(line('30s'));
    expect(verdict).toEqual({
      kind: 'orphans',
      stalled: { address: 'aws_vpc.Network_Vpc_1A2B', id: 'vpc-1', seconds: 30 },
      orphans: [orphan],
    });
    expect(calls).toEqual(['vpc-1']);
    expect(describeStall(stack.name, verdict as Exclude<typeof verdict, { kind: 'wait' }>)).toBe(
      'genai-demo-production-primary: aws_vpc.Network_Vpc_1A2B (vpc-1) cannot be deleted: the emulator still holds 1 resource(s) there that no Terraform state owns:\n' +
        '  aws_route_table rtb-2 in ap-east-2 (VPC vpc-1): in no state; expected owner genai-demo-production-primary (owns vpc-1 as aws_vpc.Vpc)',
    );
  });

  test('each resource has its own clock: a diagnosis of one stalled resource does not delay the next one', async () => {
    const calls: string[] = [];
    const watch = new StallWatch(stack, [stack], {}, {}, async (s) => {
      calls.push(s.id);
      return s.id === 'vpc-1' ? [orphan] : [];
    });
    expect(await watch.line('aws_db_instance.Db: Still destroying... [id=db-1, 30s elapsed]')).toEqual({
      kind: 'wait',
    });
    expect((await watch.line(line('30s'))).kind).toBe('orphans');
    expect(calls).toEqual(['db-1', 'vpc-1']);
  });

  test('keeps waiting while nothing unowned is found, looks again after another interval, and fails at the limit', async () => {
    let calls = 0;
    const watch = new StallWatch(stack, [stack], {}, { diagnoseAfterSeconds: 30, failAfterSeconds: 120 }, async () => {
      calls++;
      return [];
    });
    expect(await watch.line(line('30s'))).toEqual({ kind: 'wait' });
    expect(await watch.line(line('40s'))).toEqual({ kind: 'wait' });
    expect(calls).toBe(1);
    expect(await watch.line(line('1m0s'))).toEqual({ kind: 'wait' });
    expect(calls).toBe(2);
    const verdict = await watch.line(line('2m0s'));
    expect(verdict.kind).toBe('timeout');
    expect(describeStall(stack.name, verdict as Exclude<typeof verdict, { kind: 'wait' }>)).toMatch(
      /still destroying after 120 s and nothing unowned was found/,
    );
  });
});
