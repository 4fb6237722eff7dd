/**
 * What every runner of clvkit/node does first and last: its options read once and checked before any engine is
 * opened or thread started, and a failure of the engine it runs (the driver, the server) said as a
 * `ClvEngineError` naming the runner, with the engine's own error as `cause`. So every function of the entry
 * throws only `ClvError` subclasses, as the core does (the caller's own callbacks excepted: their errors are
 * the caller's, and come back as they were).
 */
import * as z from 'zod/mini';
import { ClvEngineError, ClvError } from '../errors.js';
import { numberSchema } from '../schemas/field.js';
import { optionsObject, parseInput } from '../schemas/parse.js';
import { summarySql } from '../sql/summarySql.js';
import { OutlierDatesField } from './engineOutliers.js';

/**
 * An error thrown by the caller's own callback (`rejectedRows`, `checkAccount`), carried through the runner so
 * that `withEngineErrors` rethrows it as it was, not as an engine's failure.
 */
class FromCaller {
  constructor(readonly error: unknown) {}
}

/**
 * The caller's callback, its errors (thrown or rejected) marked as the caller's (see `withEngineErrors`).
 *
 * @example const each = callerCallback(options.rejectedRows); await each(rows) // rethrown as the caller's own
 */
export function callerCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    let result: R;
    try {
      result = fn(...args);
    } catch (e) {
      throw new FromCaller(e);
    }
    return (
      result instanceof Promise
        ? result.catch((e: unknown) => {
            throw new FromCaller(e);
          })
        : result
    ) as R;
  };
}

/** `read` (the runner's own copy, from `optionsObject`) with its callbacks among `keys` wrapped by `callerCallback`. */
function withCallerCallbacks<T extends object>(read: T, keys: readonly string[]): T {
  const out = read as Record<string, unknown>;
  for (const key of keys)
    if (typeof out[key] === 'function') out[key] = callerCallback(out[key] as (...a: unknown[]) => unknown);
  return read;
}

/** The most threads a runner starts (the calling one included); more asked for are capped here. */
export const MAX_THREADS = 64;

/** A `threads` option: a whole number of 1 or more (`MAX_THREADS` at most are used). */
export const ThreadCount = numberSchema({ min: 1 }, true);

/** A function given as an option (a callback). */
export const Callback = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', {
  message: 'expected a function',
});
const Text = z.string().check(z.minLength(1));

/** The options every SQL runner takes besides the source: the rejected rows' callback, the outlier rule. */
const RUNNER_FIELDS = {
  rejectedRows: z.optional(Callback),
  outlierDates: OutlierDatesField,
};

/** A connection as `@duckdb/node-api` gives one (only `runAndReadAll` is used). */
const DuckDBConnection = z.custom<object>(
  (v) =>
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { runAndReadAll?: unknown }).runAndReadAll === 'function',
  { message: 'expected a DuckDB connection (an object with runAndReadAll(sql, values))' },
);

/** Each engine: its name in messages, and its own option fields (how to reach it). */
export const ENGINES = {
  duckdb: {
    name: 'DuckDB',
    fields: { database: z.optional(Text), connection: z.optional(DuckDBConnection) },
  },
  postgres: { name: 'PostgreSQL', fields: { connectionString: Text } },
  clickhouse: {
    name: 'ClickHouse',
    fields: {
      url: Text,
      username: z.optional(z.string()),
      password: z.optional(z.string()),
      database: z.optional(Text),
      requestTimeout: z.optional(z.number().check(z.positive(), z.lte(2 ** 31 - 1))),
    },
  },
} as const;

export type RunnerEngine = keyof typeof ENGINES;

/** The engines' keys, for an `engine` option. */
export const RUNNER_ENGINES = Object.keys(ENGINES) as RunnerEngine[];

/**
 * Checks the fields of `read` that say how to reach `engine` (`ENGINES`), the runner fields (`rejectedRows`,
 * `outlierDates`) and `extra`; returns the rest of `read`, the source, for `summarySql` to check.
 *
 * @example engineFields('summarizeWithPostgres', { connectionString: 'postgres://localhost/shop', table: 'orders' }, 'postgres') // { table: 'orders' }
 */
export function engineFields(
  where: string,
  read: object,
  engine: RunnerEngine,
  extra: Record<string, z.core.$ZodType> = {},
): Record<string, unknown> {
  const fields: Record<string, z.core.$ZodType> = { ...ENGINES[engine].fields, ...RUNNER_FIELDS, ...extra };
  const own = Object.fromEntries(Object.keys(fields).map((k) => [k, (read as Record<string, unknown>)[k]]));
  parseInput(z.object(fields), own, where);
  return Object.fromEntries(Object.entries(read).filter(([k]) => !(k in fields)));
}

/**
 * A SQL runner's options, checked before the engine is opened: read once (`optionsObject`), the engine's and the
 * runner's fields (`engineFields`), then the source by `summarySql` for `engine`'s dialect (with `grouped`).
 * Returns the copy the runner then reads.
 *
 * @example runnerOptions('groupedSummaryWithDuckDB', { file: { path: 'o.csv', format: 'csv' } }, 'duckdb', true)
 */
export function runnerOptions<T extends object>(
  where: string,
  options: T,
  engine: RunnerEngine,
  grouped: boolean,
): T {
  const read = optionsObject(where, options);
  const source = engineFields(where, read, engine);
  // summarySql checks the source (and writes the query text, cheap next to running it).
  summarySql({ ...source, dialect: engine, grouped });
  return withCallerCallbacks(read, CALLBACKS);
}

/** The runners' callback options: what they throw is the caller's own, rethrown as it was. */
export const CALLBACKS = ['rejectedRows', 'checkAccount'] as const;

/**
 * A runner's options read and their callbacks marked (`optionsObject`, `callerCallback`), for runners that check
 * their other fields themselves.
 */
export function callerOptions<T extends object>(where: string, options: T): T {
  return withCallerCallbacks(optionsObject(where, options), CALLBACKS);
}

/**
 * Runs `work` (what `engine` does for runner `where`): a failure that is not already the library's is a
 * `ClvEngineError` saying `where: DuckDB failed: …` (the engine's name from `ENGINES`), with the original as
 * `cause`; an error of the caller's own callback (`callerCallback`) is rethrown as it was.
 *
 * @example await withEngineErrors('summarizeWithPostgres', 'postgres', () => query()) // ClvEngineError: summarizeWithPostgres: PostgreSQL failed: connect ECONNREFUSED …
 */
export async function withEngineErrors<T>(
  where: string,
  engine: RunnerEngine,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof FromCaller) throw e.error;
    if (e instanceof ClvError) throw e;
    throw new ClvEngineError(where, ENGINES[engine].name, e);
  }
}
