/**
 * The library's error types. Every public entry point throws one of these, never a bare Error,
 * and never returns NaN or Infinity in place of an error.
 */

/** One problem with one input field, machine-readable. */
export interface ClvIssue {
  /** Where the problem is, e.g. `churnRate`, `rows[12].discountRate` or `transactions[4].date`. */
  readonly path: string;
  /** What the field must be, e.g. `a number in (0, 1]`. */
  readonly expected: string;
  /** What was received, printed for a human, e.g. `1.5`, `"abc"`, `undefined`. */
  readonly received: string;
  /** `path: expected …, received …`. */
  readonly message: string;
  /** The row index for bulk and log inputs, when the issue belongs to one row. */
  readonly row?: number;
}

/** Base class of every error clvkit throws. */
export class ClvError extends Error {
  override name = 'ClvError';
}

/** How many issues a validation error message lists before summarising the rest. */
const LISTED_ISSUES = 10;

/**
 * Invalid input. `issues` lists every offending field; the message names the first few.
 *
 * @example
 * try { customerLifetimeValue({ averagePurchaseValue: 10, purchaseFrequency: 2, churnRate: 1.5 }) }
 * catch (e) { if (e instanceof ClvValidationError) e.issues[0].path === 'churnRate' }
 */
export class ClvValidationError extends ClvError {
  override name = 'ClvValidationError';
  readonly issues: readonly ClvIssue[];
  /** The function or operation that rejected its input. */
  readonly where: string;
  /** How many issues were found: `issues.length`, plus those counted but not kept (see `IssueList`). */
  readonly issueCount: number;

  /** `unkept`: issues found beyond those in `issues`, counted only (an `IssueList` keeps the first 1,000). */
  constructor(where: string, issues: readonly ClvIssue[], unkept = 0) {
    const count = issues.length + unkept;
    const listed = issues.slice(0, LISTED_ISSUES).map((i) => i.message);
    const more = count > LISTED_ISSUES ? [`… and ${count - LISTED_ISSUES} more`] : [];
    super(`${where}: invalid input — ${[...listed, ...more].join('; ')}`);
    this.issues = issues;
    this.where = where;
    this.issueCount = count;
  }
}

/** Issues an `IssueList` keeps; past these it counts. */
export const KEPT_ISSUES = 1000;

/**
 * The issues of one input, kept up to `KEPT_ISSUES` and counted beyond: ten million bad values make one error
 * holding a thousand issues and the count, not ten million issue objects. `note` builds an issue only when it
 * is kept.
 *
 * @example
 * const issues = new IssueList();
 * for (let i = 0; i < values.length; i++) if (!(values[i] >= 0)) issues.note(`values[${i}]`, 'a number of 0 or more', values[i], i);
 * issues.throwIfAny('demo'); // ClvValidationError: demo: invalid input — values[3]: … (issueCount: every bad value)
 */
export class IssueList {
  readonly kept: ClvIssue[] = [];
  /** Every issue found, kept or not. */
  count = 0;

  /** Adds an issue made already. */
  add(issue: ClvIssue): void {
    if (this.kept.length < KEPT_ISSUES) this.kept.push(issue);
    this.count++;
  }

  /** Adds the issue `makeIssue(path, expected, value, row)` would make, made only while the list keeps issues. */
  note(path: string, expected: string, value: unknown, row?: number): void {
    if (this.kept.length < KEPT_ISSUES) this.kept.push(makeIssue(path, expected, value, row));
    this.count++;
  }

  /** Throws the `ClvValidationError` of these issues, when there is one. */
  throwIfAny(where: string): void {
    if (this.count > 0) throw new ClvValidationError(where, this.kept, this.count - this.kept.length);
  }
}

/**
 * A failure of a SQL engine clvkit/node runs for you (DuckDB, PostgreSQL, ClickHouse) or of its driver: a refused
 * connection, a missing file or column, a query the server refuses. The message names the function and the
 * engine; `cause` is the engine's own error, as it was thrown.
 *
 * @example
 * try { await summarizeWithPostgres({ connectionString, table: 'orders' }) }
 * catch (e) { if (e instanceof ClvEngineError) e.engine === 'PostgreSQL' }
 */
export class ClvEngineError extends ClvError {
  override name = 'ClvEngineError';
  /** The engine that failed, by name: 'DuckDB', 'PostgreSQL' or 'ClickHouse'. */
  readonly engine: string;
  constructor(where: string, engine: string, cause: unknown) {
    super(`${where}: ${engine} failed: ${thrownMessage(cause)}`, { cause });
    this.engine = engine;
  }
}

/** Diagnostics attached to a failed model fit. */
export interface FitDiagnostics {
  readonly model: string;
  readonly iterations?: number;
  readonly logLikelihood?: number;
  readonly gradientNorm?: number;
  readonly lastParams?: Readonly<Record<string, number>>;
  readonly reason: string;
}

/**
 * A model fit that did not produce finite parameters or did not converge, or a numerical method a fit or a
 * prediction relies on that did not converge (a ₂F₁ series): `outcome` says which, `fit failed` by default.
 *
 * @example new ClvFitError({ model: 'hyp2f1', reason: 'the series … did not converge' }, 'not computed').message // "hyp2f1: not computed — the series … did not converge"
 */
export class ClvFitError extends ClvError {
  override name = 'ClvFitError';
  readonly diagnostics: FitDiagnostics;

  constructor(diagnostics: FitDiagnostics, outcome = 'fit failed') {
    super(`${diagnostics.model}: ${outcome} — ${diagnostics.reason}`);
    this.diagnostics = diagnostics;
  }
}

/**
 * The message of something thrown: an Error's message, anything else as text, and `an error` when even that
 * throws (a value whose `toString` throws). Never throws.
 *
 * @example thrownMessage(new Error('boom')) === 'boom'; thrownMessage(42) === '42'
 */
export function thrownMessage(thrown: unknown): string {
  try {
    return thrown instanceof Error ? thrown.message : String(thrown);
  } catch {
    return 'an error';
  }
}

/**
 * Prints a received value for an issue message: numbers as written, strings quoted, Decimals as digits,
 * Dates (of any realm) as ISO text. Never throws: an object whose `toString` throws prints as `an object`,
 * one whose reading throws (a Proxy trap) as `an unreadable object`.
 */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'function') return 'a function';
  try {
    if (Object.prototype.toString.call(value) === '[object Date]') {
      const time = Date.prototype.getTime.call(value);
      return Number.isNaN(time) ? 'Invalid Date' : new Date(time).toISOString();
    }
    if (Array.isArray(value)) return `an array of ${value.length}`;
    const huge = hugeDecimal(value);
    if (huge !== undefined) return huge;
    let text: unknown;
    try {
      text = (value as { toString?: () => unknown }).toString?.();
    } catch {
      return 'an object'; // a toString that throws (e.g. Date's, on an object that only inherits it)
    }
    if (typeof text === 'string' && text !== '[object Object]')
      return text.length > 60 ? `${text.slice(0, 60)}…` : text;
    return 'an object';
  } catch {
    return 'an unreadable object';
  }
}

/**
 * A decimal.js Decimal (of any copy) whose exponent is beyond ±1,000, printed as `1e+100000000` from its sign,
 * exponent and first digit (the digits after it left out): its own `toString` may write every digit (a copy set to print plain numbers writes
 * 1e100000000 as a hundred million digits, 25 s of work). Otherwise undefined. Never throws (the caller catches).
 */
function hugeDecimal(value: object): string | undefined {
  const { s, e, d } = value as { s?: unknown; e?: unknown; d?: unknown };
  if (typeof e !== 'number' || Math.abs(e) <= 1000 || !Array.isArray(d) || typeof d[0] !== 'number')
    return undefined;
  return `${s === -1 ? '-' : ''}${String(d[0])[0]}e${e < 0 ? '' : '+'}${e}`;
}

/** Builds one issue from its parts. */
export function makeIssue(path: string, expected: string, value: unknown, row?: number): ClvIssue {
  return printedIssue(path, expected, describeReceived(value), row);
}

/**
 * Builds one issue whose received value is already printed (`makeIssue` prints it from the value): for a value
 * that cannot be read, or a result described in words.
 *
 * @example printedIssue('x', 'a finite result', 'x = 1e+308, where it is Infinity').message === 'x: expected a finite result, received x = 1e+308, where it is Infinity'
 */
export function printedIssue(path: string, expected: string, received: string, row?: number): ClvIssue {
  const issue = { path, expected, received, message: `${path}: expected ${expected}, received ${received}` };
  return row === undefined ? issue : { ...issue, row };
}
