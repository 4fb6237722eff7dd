import { ClvError, ClvValidationError, IssueList, makeIssue } from '../../errors.js';
import type { FieldRule } from '../../schemas/field.js';
import { unreadableInput } from '../../schemas/parse.js';

/** A numeric column as callers may hold it. */
export type NumericColumn = readonly number[] | Float64Array | Float32Array | Int32Array | Uint32Array;

/** One column a bulk model input must have: its name, the name of its field in row objects, and its rule. */
export interface ColumnSpec {
  /** Column name, e.g. `frequency` (also the field name in row objects unless `rowField` is given). */
  readonly name: string;
  readonly rowField?: string;
  readonly rule: FieldRule<number>;
  readonly optional?: boolean;
}

/**
 * Reads model input given as an array of row objects or as an object of columns (plain arrays, typed arrays)
 * into validated Float64Arrays, in one plain loop per column with the field rules' messages:
 * `frequency[12]: expected a whole number of 0 or more, received -1` for columns,
 * `customers[12].frequency: …` for rows. Every issue of every value is collected into one
 * `ClvValidationError`; nothing is returned if any value is invalid. Other fields of row objects (ids …) and
 * other keys of a column object are ignored.
 *
 * @example readColumns({ x: [1, 2] }, [{ name: 'x', rule: numberRule({ min: 0 }) }], 'demo').columns.x // Float64Array [1, 2]
 */
export function readColumns(
  input: unknown,
  specs: readonly ColumnSpec[],
  where: string,
  rowsName = 'customers',
): { readonly columns: Record<string, Float64Array | undefined>; readonly length: number } {
  try {
    return readColumnsChecked(input, specs, where, rowsName);
  } catch (e) {
    if (e instanceof ClvError) throw e;
    // A Proxy trap or a getter that throws while the rows are read: the input's fault, said as such.
    throw unreadableInput(where, rowsName, e);
  }
}

function readColumnsChecked(
  input: unknown,
  specs: readonly ColumnSpec[],
  where: string,
  rowsName: string,
): { readonly columns: Record<string, Float64Array | undefined>; readonly length: number } {
  const issues = new IssueList();
  const columns: Record<string, Float64Array | undefined> = {};
  if (Array.isArray(input)) {
    const n = input.length;
    for (const spec of specs) columns[spec.name] = new Float64Array(n);
    const present = new Set<string>();
    for (let i = 0; i < n; i++) {
      const row = input[i] as Record<string, unknown> | null;
      if (row === null || typeof row !== 'object') {
        issues.note(`${rowsName}[${i}]`, 'an object', row, i);
        continue;
      }
      for (const spec of specs) {
        const field = spec.rowField ?? spec.name;
        const raw = row[field];
        if (raw === undefined && spec.optional) continue;
        if (spec.optional) present.add(spec.name);
        const v = spec.rule.convert(raw);
        if (v === undefined) issues.note(`${rowsName}[${i}].${field}`, spec.rule.expected, raw, i);
        else (columns[spec.name] as Float64Array)[i] = v;
      }
    }
    // An optional column (weights) given on some rows only: the missing rows are errors.
    for (const spec of specs) {
      if (!spec.optional) continue;
      if (!present.has(spec.name)) {
        columns[spec.name] = undefined;
        continue;
      }
      const field = spec.rowField ?? spec.name;
      for (let i = 0; i < n; i++) {
        const row = input[i] as Record<string, unknown> | null;
        if (row !== null && typeof row === 'object' && row[field] === undefined)
          issues.note(`${rowsName}[${i}].${field}`, spec.rule.expected, undefined, i);
      }
    }
    issues.throwIfAny(where);
    return { columns, length: n };
  }
  if (input === null || typeof input !== 'object')
    throw new ClvValidationError(where, [
      makeIssue(rowsName, 'an array of rows or an object of columns', input),
    ]);
  const source = input as Record<string, unknown>;
  let length = -1;
  for (const spec of specs) {
    const raw = source[spec.name];
    if (raw === undefined && spec.optional) {
      columns[spec.name] = undefined;
      continue;
    }
    if (!isArrayLike(raw)) {
      issues.note(spec.name, 'an array of numbers', raw);
      continue;
    }
    if (length < 0) length = raw.length;
    else if (raw.length !== length) {
      issues.note(spec.name, `an array of length ${length} (as the first column)`, raw);
      continue;
    }
    const out = new Float64Array(raw.length);
    const rule = spec.rule;
    for (let i = 0; i < raw.length; i++) {
      const value = raw[i];
      const v = rule.convert(value);
      if (v === undefined) issues.note(`${spec.name}[${i}]`, rule.expected, value, i);
      else out[i] = v;
    }
    columns[spec.name] = out;
  }
  issues.throwIfAny(where);
  return { columns, length: Math.max(length, 0) };
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}
