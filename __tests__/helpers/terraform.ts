/**
 * The one set of finders over synthesized Terraform JSON, for the assertions the cdktf matchers cannot
 * make: counts, references between blocks, construct paths and the statements of a policy document.
 * Components are synthesized on a bare stack (`synthJson`); whole-app synth lives in `app.ts`.
 */
import { DefaultTokenResolver, StringConcat, TerraformStack, Testing, Tokenization } from 'cdktf';
// The typings of the cdktf matchers (toHaveResourceWithProperties…) for every suite that uses these helpers;
// setup.ts registers the matchers themselves (Testing.setupJest).
import 'cdktf/lib/testing/adapters/jest';
import type { IConstruct } from 'constructs';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped; readers index it freely
export type Json = Record<string, any>;

/** Synthesizes `build` on a bare stack of a test app and parses the result. */
export function synthJson(build: (stack: TerraformStack) => void, stackId = 'test'): Json {
  const stack = new TerraformStack(Testing.app(), stackId);
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Json;
}

/**
 * Like `synthJson`, but keeps the `//` metadata blocks (construct paths), for `byPath` and `pathOf`:
 * `Testing.synth` strips them, a full synth into a scratch folder keeps them.
 */
export function synthJsonWithPaths(build: (stack: TerraformStack) => void, stackId = 'test'): Json {
  const stack = new TerraformStack(Testing.app(), stackId);
  build(stack);
  const outdir = Testing.fullSynth(stack);
  try {
    return JSON.parse(readFileSync(join(outdir, 'stacks', stackId, 'cdk.tf.json'), 'utf8')) as Json;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** All resources of one type in a synthesized stack, as [logical id, body] pairs. */
export function resourcesOf(stack: Json, type: string): Array<[string, Json]> {
  return Object.entries<Json>(stack.resource?.[type] ?? {});
}

/** All data sources of one type in a synthesized stack. */
export function dataOf(stack: Json, type: string): Array<[string, Json]> {
  return Object.entries<Json>(stack.data?.[type] ?? {});
}

/** The bodies of all resources of one type. */
export function bodiesOf(stack: Json, type: string): Json[] {
  return resourcesOf(stack, type).map(([, body]) => body);
}

/** The one [logical id, body] of `type` whose logical id starts with `idPrefix`; fails on none or several. */
function single(found: Array<[string, Json]>, idPrefix: string): [string, Json] {
  const matching = found.filter(([id]) => id.startsWith(idPrefix));
  expect(matching.map(([id]) => id)).toHaveLength(1);
  return matching[0];
}

/** The one resource of `type` (optionally: whose logical id starts with `idPrefix`); fails on none or several. */
export function one(stack: Json, type: string, idPrefix = ''): Json {
  return single(resourcesOf(stack, type), idPrefix)[1];
}

/** Logical id of the one resource of `type` whose id starts with `idPrefix`. */
export function idOf(stack: Json, type: string, idPrefix = ''): string {
  return single(resourcesOf(stack, type), idPrefix)[0];
}

/** The one data source of `type` whose logical id starts with `idPrefix`. */
export function oneData(stack: Json, type: string, idPrefix = ''): Json {
  return single(dataOf(stack, type), idPrefix)[1];
}

/** Logical id of the one data source of `type` whose id starts with `idPrefix`. */
export function dataIdOf(stack: Json, type: string, idPrefix = ''): string {
  return single(dataOf(stack, type), idPrefix)[0];
}

/** `${type.id.attr}`: how Terraform JSON refers to an attribute of a resource (`data.<type>` for a data source). */
export function ref(type: string, id: string, attr: string): string {
  return `\${${type}.${id}.${attr}}`;
}

/** The construct path cdktf records for a resource (`<stack>/Platform/Network/Vpc`). */
export function pathOf(body: Json): string {
  return body['//'].metadata.path;
}

/** The one resource of `type` whose construct path ends with `suffix`, as [logical id, body]. */
export function byPath(stack: Json, type: string, suffix: string): [string, Json] {
  const found = resourcesOf(stack, type).filter(([, body]) => pathOf(body).endsWith(suffix));
  if (found.length !== 1) throw new Error(`${found.length} ${type} at a path ending with ${suffix}`);
  return found[0];
}

/** The one data source of `type` whose construct path ends with `suffix`. */
export function dataByPath(stack: Json, type: string, suffix: string): [string, Json] {
  const found = dataOf(stack, type).filter(([, body]) => pathOf(body).endsWith(suffix));
  if (found.length !== 1) throw new Error(`${found.length} data ${type} at a path ending with ${suffix}`);
  return found[0];
}

/** The resource (or data source) a plain `${type.id.attr}` reference points at; fails on a dangling one. */
export function target(stack: Json, reference: string): [string, Json] {
  const m = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_]+)\.[a-z_]+\}$/.exec(reference);
  if (m === null) throw new Error(`not a plain reference: ${reference}`);
  const body = (m[1] ? stack.data : stack.resource)?.[m[2]]?.[m[3]];
  if (body === undefined) throw new Error(`dangling reference: ${reference}`);
  return [m[3], body];
}

/** The SSM parameters of a stack, by parameter name. */
export function parametersByName(stack: Json): Record<string, Json> {
  return Object.fromEntries(resourcesOf(stack, 'aws_ssm_parameter').map(([, p]) => [p.name, p]));
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

/** Parses an IPv4 CIDR into [first address, last address] as numbers. */
export function cidrRange(cidr: string): [number, number] {
  const [ip, bits] = cidr.split('/');
  const base = ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  return [base, base + size - 1];
}

/** A token (or a structure of tokens) as it would be synthesized inside `scope`'s stack. */
export function resolveIn(scope: IConstruct, value: unknown): unknown {
  return Tokenization.resolve(value, {
    scope,
    preparing: false,
    resolver: new DefaultTokenResolver(new StringConcat()),
  });
}
