import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interruptedRuns, clearJournal, localPaths } from '../../../tools/local/deploy';
import { describeHeldLock } from '../../../tools/local/lock';
import {
  baselineOf,
  describeOrphans,
  findOrphans,
  ownedIdentifiers,
  recordKey,
  type InventoryItem,
  type Ownership,
} from '../../../tools/local/orphans';

const state = {
  resources: [
    {
      mode: 'managed',
      type: 'aws_vpc',
      name: 'Vpc',
      instances: [{ attributes: { id: 'vpc-1', arn: 'arn:aws:ec2:ap-east-2:1:vpc/vpc-1' } }],
    },
    {
      mode: 'managed',
      type: 'aws_route_table',
      name: 'Private',
      instances: [{ index_key: 0, attributes: { id: 'rtb-1' } }],
    },
    {
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'Db',
      instances: [{ attributes: { id: 'db-ABC', identifier: 'genai-demo-production-postgres' } }],
    },
    {
      mode: 'managed',
      type: 'aws_route53_record',
      name: 'Api',
      instances: [{ attributes: { id: 'Z_api', name: 'api.kimkao.io', type: 'A', set_identifier: 'primary' } }],
    },
    { mode: 'data', type: 'aws_vpc', name: 'Peer', instances: [{ attributes: { id: 'vpc-9' } }] },
  ],
};

function ownership(): Ownership {
  return {
    owners: ownedIdentifiers('primary-stack', state),
    stackRegions: new Map([
      ['primary-stack', ['ap-east-2']],
      ['failover-stack', ['us-east-1']],
    ]),
  };
}

describe('what the states own', () => {
  test('ids, ARNs, identifiers and record keys of managed resources, with their addresses; data sources own nothing', () => {
    const owned = ownedIdentifiers('primary-stack', state);
    expect(owned.get('vpc-1')).toEqual({ stack: 'primary-stack', address: 'aws_vpc.Vpc' });
    expect(owned.get('arn:aws:ec2:ap-east-2:1:vpc/vpc-1')?.address).toBe('aws_vpc.Vpc');
    expect(owned.get('rtb-1')?.address).toBe('aws_route_table.Private[0]');
    expect(owned.get('genai-demo-production-postgres')?.address).toBe('aws_db_instance.Db');
    expect(owned.get(recordKey('api.kimkao.io.', 'A', 'primary'))?.address).toBe('aws_route53_record.Api');
    expect(owned.has('vpc-9')).toBe(false);
  });

  test('record keys ignore case and the trailing dot, and keep the set identifier apart', () => {
    expect(recordKey('API.kimkao.io.', 'A', 'primary')).toBe(recordKey('api.kimkao.io', 'A', 'primary'));
    expect(recordKey('api.kimkao.io', 'A', 'primary')).not.toBe(recordKey('api.kimkao.io', 'A', 'secondary'));
    expect(recordKey('api.kimkao.io', 'A')).not.toBe(recordKey('api.kimkao.io', 'AAAA'));
  });
});

describe('orphans', () => {
  const items: InventoryItem[] = [
    { type: 'aws_vpc', id: 'vpc-1', region: 'ap-east-2', vpcId: 'vpc-1' },
    { type: 'aws_route_table', id: 'rtb-1', region: 'ap-east-2', vpcId: 'vpc-1' },
    { type: 'aws_route_table', id: 'rtb-2', region: 'ap-east-2', vpcId: 'vpc-1' },
    { type: 'aws_db_instance', id: 'genai-demo-production-postgres', aliases: ['arn:x'], region: 'ap-east-2' },
    { type: 'aws_route53_record', id: recordKey('api.kimkao.io.', 'A', 'secondary'), region: 'us-east-1' },
    { type: 'aws_eip', id: 'eipalloc-1', region: 'ap-east-2' },
    { type: 'aws_eip', id: 'eipalloc-9', region: 'eu-west-1' },
  ];

  test('a duplicate route table is named with the stack that owns its VPC', () => {
    const found = findOrphans(items, ownership());
    expect(found.map((o) => o.id)).toEqual([
      'rtb-2',
      recordKey('api.kimkao.io.', 'A', 'secondary'),
      'eipalloc-1',
      'eipalloc-9',
    ]);
    expect(found[0].expectedOwner).toBe('primary-stack (owns vpc-1 as aws_vpc.Vpc)');
    expect(found[1].expectedOwner).toBe('one of failover-stack (stacks acting in us-east-1)');
    expect(found[3].expectedOwner).toBe('no stack acts in eu-west-1');
  });

  test('what was there before the deployment is not an orphan', () => {
    const baseline = baselineOf([{ type: 'aws_eip', id: 'eipalloc-1', region: 'ap-east-2' }]);
    expect(findOrphans(items, ownership(), baseline).map((o) => o.id)).not.toContain('eipalloc-1');
    // The same id in another region is another resource.
    expect(baselineOf(items.slice(0, 1)).has('us-east-1|vpc-1')).toBe(false);
  });

  test('nothing is an orphan when every item is owned', () => {
    expect(findOrphans(items.slice(0, 2), ownership())).toEqual([]);
  });

  test('one readable line per orphan: type, id, region, VPC, expected owner', () => {
    expect(describeOrphans(findOrphans(items.slice(2, 3), ownership()))).toEqual([
      'aws_route_table rtb-2 in ap-east-2 (VPC vpc-1): in no state; expected owner primary-stack (owns vpc-1 as aws_vpc.Vpc)',
    ]);
  });
});

describe('interrupted runs and stale locks', () => {
  test('a journal entry whose terraform no longer runs is an interruption; a live one is another run in progress', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    try {
      const paths = localPaths(dir);
      mkdirSync(join(dir, 'journal'));
      writeFileSync(
        join(dir, 'journal', 'a.apply.json'),
        JSON.stringify({ stack: 'a', phase: 'apply', pid: 111, started: 't' }),
      );
      writeFileSync(
        join(dir, 'journal', 'b.destroy.json'),
        JSON.stringify({ stack: 'b', phase: 'destroy', pid: 222, started: 't' }),
      );
      expect(interruptedRuns(paths, (pid) => pid === 222)).toEqual([
        { stack: 'a', phase: 'apply', pid: 111, started: 't' },
      ]);
      expect(interruptedRuns(paths, () => true)).toEqual([]);
      clearJournal(paths);
      expect(interruptedRuns(paths, () => false)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a held lock is named with its id, holder, age and the exact command that releases it', () => {
    const message = describeHeldLock(
      { name: 'genai-demo-production-primary', dir: '/w/stacks/genai-demo-production-primary', dependencies: [] },
      { ID: '5d1c-77', Operation: 'OperationTypeApply', Who: 'root@ci', Created: '2026-12-02T03:00:00Z' },
    );
    expect(message).toContain('lock ID 5d1c-77, OperationTypeApply by root@ci since 2026-12-02T03:00:00Z');
    expect(message).toContain('(cd /w/stacks/genai-demo-production-primary && terraform force-unlock -force 5d1c-77)');
  });
});
