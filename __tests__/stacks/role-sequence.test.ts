/**
 * The whole role cycle compared as synthesized Terraform, step by step (__tests__/helpers/role-sequence.ts):
 * no step may delete or replace the database that is the writer before or after it. A writer keeps its
 * resource address and every attribute that forces replacement of an aws_db_instance; a replica promoted in
 * place may gain only the attributes it inherited (the provider plans those as no change, TOOLCHAIN.md
 * "Measured in the second round"); no standalone instance ever gains `replicate_source_db` (RDS refuses).
 */
import { synthApp, type Json } from '../helpers/app';
import { ROLE_SEQUENCE } from '../helpers/role-sequence';
import type { AppConfig } from '../../config';

/** aws_db_instance arguments that force a new instance when they change (provider 5.100.0). */
const FORCE_NEW = [
  'identifier',
  'kms_key_id',
  'storage_encrypted',
  'character_set_name',
  'availability_zone',
  'snapshot_identifier',
  'timezone',
] as const;
/** Force-new arguments a replica inherits from its source: absent on the replica, they may appear at promotion. */
const INHERITED = ['username', 'db_name', 'engine'] as const;

interface Step {
  readonly config: AppConfig;
  /** `stack/address` → the instance's arguments. */
  readonly instances: Map<string, Json>;
}

function synthStep(patch: Json): Step {
  const { config, stacks } = synthApp(patch);
  const instances = new Map<string, Json>();
  for (const [stack, json] of Object.entries(stacks)) {
    for (const [id, body] of Object.entries<Json>(json.resource?.aws_db_instance ?? {}))
      instances.set(`${stack}/aws_db_instance.${id}`, body);
  }
  return { config, instances };
}

const addressOf = (step: Step, identifier: string): string | undefined =>
  [...step.instances].find(([, body]) => body.identifier === identifier)?.[0];

/** Every way the transition `prev` → `next` would delete or replace a writer, or make a standalone a replica. */
function writerHazards(prev: Step, next: Step): string[] {
  const hazards: string[] = [];
  for (const [when, writer] of [
    ['before', prev.config.roles.writer.identifier],
    ['after', next.config.roles.writer.identifier],
  ] as const) {
    const before = addressOf(prev, writer);
    const after = addressOf(next, writer);
    if (before === undefined)
      hazards.push(
        `the writer ${when} the step (${writer}) did not exist before it: it would be created, not promoted`,
      );
    else if (after === undefined) hazards.push(`the writer ${when} the step (${writer}) would be deleted`);
    else if (before !== after)
      hazards.push(`the writer ${when} the step (${writer}) moves from ${before} to ${after}: destroy and create`);
  }
  for (const [address, body] of next.instances) {
    const old = prev.instances.get(address);
    if (old === undefined) continue;
    for (const key of FORCE_NEW) {
      if (JSON.stringify(old[key]) !== JSON.stringify(body[key]))
        hazards.push(`${address}: ${key} changes (${old[key]} → ${body[key]}): replacement`);
    }
    const promoted = old.replicate_source_db !== undefined && body.replicate_source_db === undefined;
    for (const key of INHERITED) {
      if (JSON.stringify(old[key]) === JSON.stringify(body[key])) continue;
      if (!(promoted && old[key] === undefined))
        hazards.push(`${address}: ${key} changes (${old[key]} → ${body[key]}): replacement`);
    }
    if (old.replicate_source_db === undefined && body.replicate_source_db !== undefined) {
      hazards.push(
        `${address}: a standalone instance would become a replica (RDS refuses: cannot elect new source database)`,
      );
    }
    if (promoted && !(Number(body.backup_retention_period) > 0))
      hazards.push(`${address}: promoted with backup_retention_period ${body.backup_retention_period}`);
  }
  return hazards;
}

describe('the role cycle, step by step', () => {
  const steps = ROLE_SEQUENCE.map((s) => synthStep(s.patch));

  test.each(ROLE_SEQUENCE.slice(1).map((s, i) => [i + 1, s.name] as const))(
    'step %i (%s): no writer deleted or replaced',
    (i) => {
      expect(writerHazards(steps[i - 1], steps[i])).toEqual([]);
    },
  );

  test('every promotion happens in place: the writer after each role change is the replica before it, same address', () => {
    for (let i = 1; i < steps.length; i++) {
      const writer = steps[i].config.roles.writer.identifier;
      if (steps[i - 1].config.roles.writer.identifier === writer) continue;
      const address = addressOf(steps[i - 1], writer)!;
      expect(steps[i - 1].instances.get(address)!.replicate_source_db).toBeDefined();
      expect(steps[i].instances.get(address)!.replicate_source_db).toBeUndefined();
      expect(steps[i].instances.get(address)!.apply_immediately).toBe(true);
    }
    expect(steps.map((s) => s.config.roles.writerRegion)).toEqual([
      'ap-east-2',
      'ap-northeast-1',
      'ap-northeast-1',
      'ap-east-2',
      'ap-east-2',
    ]);
  });

  test('the rule catches what it guards against: a writer moved to a new generation, a standalone made a replica', () => {
    const bumped = synthStep({ 'genai-demo:regions': { regions: { 'ap-east-2': { database: { generation: 2 } } } } });
    expect(writerHazards(steps[0], bumped)).toEqual([
      expect.stringMatching(/^the writer before the step \(genai-demo-production-postgres\) would be deleted$/),
      expect.stringMatching(/^the writer after the step \(genai-demo-production-postgres-g2\) did not exist before it/),
    ]);
    // Step 3 (Tokyo generation 1 standalone, fenced) followed by a config that makes it a replica again.
    const backwards = synthStep({
      'genai-demo:regions': {
        regions: { 'ap-east-2': { database: { generation: 2 } }, 'ap-northeast-1': { database: { generation: 1 } } },
      },
    });
    expect(writerHazards(steps[3], backwards)).toContainEqual(
      expect.stringMatching(/Database_Instance_\w+: a standalone instance would become a replica/),
    );
  });
});
