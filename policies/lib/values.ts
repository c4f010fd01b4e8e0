/**
 * Reading synthesized attribute values: literals, `${...}` expressions (references resolved by cdktf
 * at synth, or values only known at deploy time), and nested blocks that cdktf writes either as one
 * object or as a list.
 */
import type { Json } from '../types';

/** A Terraform reference inside an expression: `${aws_kms_key.Key.arn}`, `${data.x.y.json}`. */
export interface Reference {
  readonly isData: boolean;
  readonly type: string;
  readonly name: string;
}

const REFERENCE = /(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)(?=[.[}\s,)])/g;

/** True for a string holding a Terraform expression (`${...}`): its value is known at deploy time only. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.includes('${');
}

/** True when the attribute is present with a non-empty value; an expression (a reference) counts as set. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** A boolean attribute: true, false, undefined when absent, or 'unknown' when set by an expression. */
export function flag(value: unknown): boolean | 'unknown' | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return 'unknown';
}

/** A numeric attribute: the number, undefined when absent, or 'unknown' when set by an expression. */
export function numeric(value: unknown): number | 'unknown' | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return 'unknown';
}

/** A nested block as a list, whether cdktf wrote it as one object or as an array. */
export function blocks(value: unknown): Json[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.filter((v): v is Json => v !== null && typeof v === 'object');
  return typeof value === 'object' ? [value as Json] : [];
}

/** A list-of-strings attribute (a single string is read as a one-element list). */
export function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

/** Every reference inside a value (searched recursively through objects and arrays). */
export function referencesIn(value: unknown): Reference[] {
  const found: Reference[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!v.includes('${')) return;
      for (const expr of v.match(/\$\{[^}]*\}/g) ?? []) {
        for (const m of expr.matchAll(REFERENCE)) {
          // Skip function names and the var./local. namespaces; keep type.name pairs of resources and data.
          if (m[2] === 'var' || m[2] === 'local' || m[2] === 'each' || m[2] === 'count') continue;
          if (!m[1] && !m[2].includes('_')) continue;
          found.push({ isData: m[1] !== undefined, type: m[2], name: m[3] });
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return found;
}

/** True when `value` refers to the given resource (any of its attributes). */
export function refersTo(value: unknown, target: { type: string; name: string; isData: boolean }): boolean {
  return referencesIn(value).some(
    (r) => r.type === target.type && r.name === target.name && r.isData === target.isData,
  );
}

/** IPv4 / IPv6 "anywhere". */
export const ANYWHERE_V4 = '0.0.0.0/0';
export const ANYWHERE_V6 = '::/0';
