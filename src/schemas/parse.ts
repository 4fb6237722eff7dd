import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';
import {
  ClvError,
  type ClvIssue,
  ClvValidationError,
  makeIssue,
  printedIssue,
  thrownMessage,
} from '../errors.js';

/** Formats a zod path as `rows[3].churnRate`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? 'input' : out;
}

function rowOf(path: readonly PropertyKey[]): number | undefined {
  const first = path[0];
  return typeof first === 'number' ? first : undefined;
}

function fieldValue(input: unknown, key: string): unknown {
  try {
    return input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined; // a getter that throws: the issue names the field all the same
  }
}

/** Converts one zod issue to the library's issues (an unknown-keys issue becomes one issue per key). */
export function fromZodIssue(issue: z.core.$ZodIssue, prefix = ''): ClvIssue[] {
  const path = formatPath(issue.path, prefix);
  const row = rowOf(issue.path);
  if (issue.code === 'custom' && issue.message.startsWith('expected ')) {
    return [makeIssue(path, issue.message.slice('expected '.length), issue.input, row)];
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      makeIssue(
        formatPath([...issue.path, key], prefix),
        'no such field (check the spelling)',
        fieldValue(issue.input, key),
        row,
      ),
    );
  }
  if (issue.code === 'invalid_type') {
    const expected =
      issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'an array' : issue.expected;
    return [makeIssue(path, expected, issue.input, row)];
  }
  return [makeIssue(path, issue.message, issue.input, row)];
}

/** zod's English error map: the words classic `zod` uses, for the issues clvkit passes on as zod says them. */
const ENGLISH_MESSAGES: z.core.$ZodErrorMap = en().localeError;

/**
 * Parses `input` with `schema`, throwing `ClvValidationError` (naming `where`) on failure.
 * Every public function of clvkit enters through here or through a bulk validator built from the same rules.
 */
export function parseInput<S extends z.core.$ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  let result: z.core.util.SafeParseResult<z.output<S>>;
  try {
    // zod's English messages, passed per parse: zod/mini loads no locale, and a global z.config would be a
    // side effect of importing clvkit (and would let another library's config change clvkit's words).
    result = z.safeParse(schema, input, { reportInput: true, error: ENGLISH_MESSAGES });
  } catch (e) {
    if (e instanceof ClvError) throw e;
    // A Proxy trap or a getter that throws while zod reads the input: the input's fault, said as such.
    throw unreadableInput(where, 'input', e);
  }
  if (result.success) return result.data;
  // zod words its issues lazily, on reading `error`, and its English map inspects the input again (its
  // prototype): a Proxy trap can throw here too.
  throw new ClvValidationError(
    where,
    guardedRead(where, 'input', () => result.error.issues.flatMap((i) => fromZodIssue(i))),
  );
}

/**
 * The error for an input that throws when read (a Proxy trap, a getter): a `ClvValidationError` naming
 * where, with the thrown message, never the foreign error itself.
 *
 * @example unreadableInput('churnRate', 'rows[3]', new Error('boom')).issues[0].expected === 'an object whose fields can be read (reading it threw: boom)'
 */
export function unreadableInput(
  where: string,
  path: string,
  thrown: unknown,
  row?: number,
): ClvValidationError {
  const expected = `an object whose fields can be read (reading it threw: ${thrownMessage(thrown)})`;
  return new ClvValidationError(where, [printedIssue(path, expected, 'an unreadable object', row)]);
}

/**
 * A function's options object, read once: a plain copy (a Proxy trap or a throwing getter is a
 * `ClvValidationError` naming `options`), `fallback` when they are undefined and the function has defaults, and
 * anything that is not an object (an array included) a `ClvValidationError` naming `options` with `expected`.
 *
 * @example optionsObject('fitThreads', undefined, {}) // {}
 * @example optionsObject('simulateShiftedBetaGeometric', 5, undefined, '{ customers, periods, seed }') // throws: options: expected { customers, periods, seed }, received 5
 */
export function optionsObject<T extends object>(
  where: string,
  options: T | undefined,
  fallback?: T,
  expected = 'an object of options',
): T {
  const read = snapshot(where, 'options', options === undefined ? fallback : options);
  if (read === null || typeof read !== 'object' || Array.isArray(read))
    throw new ClvValidationError(where, [makeIssue('options', expected, read)]);
  // A copy the caller may add to: an object that is not plain (kept as is by `snapshot`) is read here.
  return guardedRead(where, 'options', () => ({ ...read }));
}

/**
 * A plain copy of a small input (options, a segment table, one row): arrays and plain objects copied down
 * to `depth` levels, anything else kept. Reading happens once, here: a Proxy trap or a getter that throws
 * becomes a `ClvValidationError` naming `path`, and later reads cannot see a different value.
 *
 * @example snapshot('valueTiers', 'options', { cutoffs: { by: 'share' } }) // a fresh { cutoffs: { by: 'share' } }
 */
export function snapshot<T>(where: string, path: string, value: T, depth = 4): T {
  try {
    return copy(value, depth) as T;
  } catch (e) {
    throw unreadableInput(where, path, e);
  }
}

function copy(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth === 0) return value;
  if (Array.isArray(value)) return Array.from(value, (v) => copy(v, depth - 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key], depth - 1);
  return out;
}

/**
 * `list[i]`, read under guard: an element whose reading throws (an array Proxy's trap, a getter at an index) is
 * a `ClvValidationError` from `where` naming `path[i]`, never the foreign error. For loops over the caller's
 * arrays; the try costs nothing measurable per element.
 *
 * @example elementAt('rfmScores', 'customers', customers, 3) // customers[3]
 */
export function elementAt(where: string, path: string, list: ArrayLike<unknown>, i: number): unknown {
  try {
    return list[i];
  } catch (e) {
    throw unreadableInput(where, `${path}[${i}]`, e, i);
  }
}

/**
 * Runs `read`, a reading of the caller's input: a foreign error thrown while reading it (a Proxy trap, a getter
 * that throws) becomes the caller's `ClvValidationError` naming `path`; the library's own errors pass through.
 *
 * @example guardedRead('fitBetaGeo', 'data', () => prepare(data))
 */
export function guardedRead<T>(where: string, path: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ClvError) throw e;
    throw unreadableInput(where, path, e);
  }
}
