import * as z from 'zod/mini';
import { type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import { expectedFor, type FieldRule } from './field.js';
import { elementAt, unreadableInput } from './parse.js';

/** A cross-field problem found after each field converted cleanly. */
export interface CrossFieldProblem {
  readonly field: string;
  readonly expected: string;
  readonly value: unknown;
}

/** Checks relations between already-converted fields (e.g. "exactly one of lifespan, churnRate, retentionRate"). */
export type CrossCheck<T> = (values: T) => readonly CrossFieldProblem[];

/** Adds the cross-field check to an object schema, with the library's messages. */
export function withCrossCheck<S extends z.ZodMiniType>(schema: S, check: CrossCheck<z.output<S>>): S {
  return schema.check(
    z.superRefine<z.output<S>>((values, ctx) => {
      for (const p of check(values)) {
        ctx.addIssue({ code: 'custom', path: [p.field], message: `expected ${p.expected}`, input: p.value });
      }
    }),
  );
}

interface CompiledField {
  readonly key: string;
  readonly optional: boolean;
  readonly rule: FieldRule<unknown>;
}

function compileFields(shape: Record<string, z.core.$ZodType>): CompiledField[] {
  return Object.entries(shape).map(([key, schema]) => {
    // By the definition's type, not `instanceof z.core.$ZodOptional`: a value of the z.core namespace would
    // bring every locale of zod into the spreadsheet bundle.
    const optional = schema._zod.def.type === 'optional';
    const inner = (optional ? (schema as z.core.$ZodOptional)._zod.def.innerType : schema) as unknown as {
      clvRule?: FieldRule<unknown>;
    };
    if (!inner.clvRule) throw new TypeError(`field '${key}' has no clvRule: build it with fieldSchema()`);
    return { key, optional, rule: inner.clvRule };
  });
}

/** How many distinct raw values per field one bulk call remembers the conversion of. */
const CONVERSION_MEMORY = 1 << 17;

/**
 * Converts one field's raw values, remembering the conversions of repeated numbers and strings within one
 * bulk call (rates, margins and prices repeat across rows; a Decimal conversion costs far more than a lookup).
 * A repeated raw value yields the very same converted object, so callers may key caches on identity.
 */
function memoisedConverter(rule: FieldRule<unknown>): (raw: unknown) => unknown {
  const seen = new Map<unknown, unknown>();
  return (raw) => {
    if (typeof raw !== 'number' && typeof raw !== 'string') return rule.convert(raw);
    const hit = seen.get(raw);
    if (hit !== undefined) return hit;
    const v = rule.convert(raw);
    if (v !== undefined && seen.size < CONVERSION_MEMORY) seen.set(raw, v);
    return v;
  };
}

/**
 * Compiles a strict object shape made of `fieldSchema` fields into a fast validate-and-map over many rows:
 * one pass, no zod call per row, the same messages as the schema (paths `rows[i].field`). Each valid row is
 * handed to `map` at once (so validated inputs never pile up); after the pass, if any row was invalid, one
 * `ClvValidationError` lists every issue of every row and nothing is returned. Unknown fields are errors
 * (a typo must not pass silently) unless `unknownFields` is `'ignore'`: for rows that come out of another
 * clvkit function carrying more figures than this one reads (e.g. customer summaries into RFM).
 */
export function compileRowsMapper<T, R>(
  shape: Record<string, z.core.$ZodType>,
  check: CrossCheck<T>,
  where: string,
  arrayName = 'rows',
  unknownFields: 'reject' | 'ignore' = 'reject',
): (rows: readonly unknown[], map: (values: T, index: number) => R) => R[] {
  const fields = compileFields(shape);
  const known = new Set(fields.map((f) => f.key));
  return (rows, map) => {
    if (!Array.isArray(rows)) throw new ClvValidationError(where, [makeIssue(arrayName, 'an array', rows)]);
    const converters = fields.map((f) => memoisedConverter(f.rule));
    const out = new Array<R>(rows.length);
    const issues: ClvIssue[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = elementAt(where, arrayName, rows, i) as Record<string, unknown> | null;
      if (row === null || typeof row !== 'object' || Array.isArray(row)) {
        issues.push(makeIssue(`${arrayName}[${i}]`, 'an object', row, i));
        continue;
      }
      let values: Record<string, unknown>;
      try {
        values = {};
        let ok = true;
        for (let f = 0; f < fields.length; f++) {
          const field = fields[f] as CompiledField;
          const raw = row[field.key];
          if (raw === undefined && field.optional) continue;
          const v = (converters[f] as (raw: unknown) => unknown)(raw);
          if (v === undefined) {
            issues.push(makeIssue(`${arrayName}[${i}].${field.key}`, expectedFor(field.rule, raw), raw, i));
            ok = false;
          } else values[field.key] = v;
        }
        if (unknownFields === 'reject') {
          for (const key in row) {
            if (!known.has(key)) {
              issues.push(
                makeIssue(`${arrayName}[${i}].${key}`, 'no such field (check the spelling)', row[key], i),
              );
              ok = false;
            }
          }
        }
        if (!ok) continue;
      } catch (e) {
        // A getter or a Proxy trap that throws: this row's fault, named as such.
        issues.push(...unreadableInput(where, `${arrayName}[${i}]`, e, i).issues);
        continue;
      }
      const problems = check(values as T);
      if (problems.length > 0) {
        for (const p of problems)
          issues.push(makeIssue(`${arrayName}[${i}].${p.field}`, p.expected, p.value, i));
        continue;
      }
      if (issues.length === 0) out[i] = map(values as T, i);
    }
    if (issues.length > 0) throw new ClvValidationError(where, issues);
    return out;
  };
}
