/**
 * Finders over synthesized Terraform JSON, for the assertions the cdktf matchers cannot make: counts,
 * references between blocks, and the statements of a policy document.
 */
import { TerraformStack, Testing } from 'cdktf';
import { dataOf, resourcesOf, type Json } from './app';

/** Synthesizes `build` on a bare stack of a test app and parses the result. */
export function synthJson(build: (stack: TerraformStack) => void, stackId = 'test'): Json {
  const stack = new TerraformStack(Testing.app(), stackId);
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Json;
}

/** The one resource of `type` (optionally: whose logical id starts with `idPrefix`); fails on none or several. */
export function one(stack: Json, type: string, idPrefix = ''): Json {
  const found = resourcesOf(stack, type).filter(([id]) => id.startsWith(idPrefix));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0][1];
}

/** Logical id of the one resource of `type` whose id starts with `idPrefix`. */
export function idOf(stack: Json, type: string, idPrefix = ''): string {
  const found = resourcesOf(stack, type).filter(([id]) => id.startsWith(idPrefix));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0][0];
}

/** `${type.id.attr}`: how Terraform JSON refers to an attribute of a resource. */
export function ref(type: string, id: string, attr: string): string {
  return `\${${type}.${id}.${attr}}`;
}

/** The policy document data source that `value` (e.g. a key's `policy`) refers to. */
export function referencedDocument(stack: Json, value: string): Json {
  const match = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_]+)\.json\}$/.exec(value);
  expect(match).not.toBeNull();
  const found = dataOf(stack, 'aws_iam_policy_document').find(([id]) => id === match![1]);
  expect(found).toBeDefined();
  return found![1];
}

/** The statement `sid` of a policy document data source. */
export function statementOf(document: Json, sid: string): Json {
  const found = (document.statement as Json[]).filter((s) => s.sid === sid);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The `moved` blocks of a stack, as `from → to`. */
export function movedBlocks(stack: Json): Map<string, string> {
  return new Map(((stack.moved ?? []) as Json[]).map((m) => [m.from as string, m.to as string]));
}

