import { ClvError, ClvValidationError, IssueList, makeIssue } from '../errors.js';
import type { DecimalInput } from '../money.js';
import { customerIdRule } from '../schemas/customerId.js';
import { enumRule, expectedFor, type FieldRule, fieldSchema, numberRule } from '../schemas/field.js';
import { elementAt, unreadableInput } from '../schemas/parse.js';
import { moneyValueRule } from './values.js';

/**
 * One customer's purchase summary, as `summarizeTransactions` produces it: the input of RFM scoring.
 * Money accepts `number | string | Decimal`. Other fields (a summary's frequency, recency, T…) are ignored.
 */
export interface RfmCustomer {
  /** The customer's id (a string or an integer). */
  readonly customerId: string | number;
  /** Days from the last purchase to the analysis date (0 = bought today); the R of RFM. */
  readonly daysSinceLastPurchase: number;
  /** Number of orders; the F of RFM. */
  readonly orderCount: number;
  /** Total spend; the M of RFM when `monetary: 'total'`. */
  readonly totalSpend: DecimalInput;
  /** Average order value; the M of RFM when `monetary: 'average'`. */
  readonly averageOrderValue: DecimalInput;
}

/**
 * The same summaries in columns, for speed: element i of every column belongs to customer i. Money is float64
 * here (it is only ranked or compared with cut-offs). Only the monetary column in use is required.
 */
export interface RfmCustomerColumns {
  readonly customerId?: readonly (string | number)[];
  readonly daysSinceLastPurchase: ArrayLike<number>;
  readonly orderCount: ArrayLike<number>;
  readonly totalSpend?: ArrayLike<number>;
  readonly averageOrderValue?: ArrayLike<number>;
}

/** Which spend figure is the M of RFM: total spend (the classic choice) or average order value. */
export type RfmMonetary = 'total' | 'average';

/** The validated customers as float64 columns: what the scoring loops read. */
export interface RfmColumnsF64 {
  readonly n: number;
  /** The ids, when known (always for rows; for columns only if `customerId` was given). */
  readonly ids: readonly (string | number)[] | undefined;
  readonly days: ArrayLike<number>;
  readonly orders: ArrayLike<number>;
  readonly money: ArrayLike<number>;
}

export { customerIdRule };
export const daysRule = numberRule({ min: 0 });
export const orderCountRule = numberRule({ min: 0 }, true);
export const monetaryRule = enumRule(['total', 'average'] as const);

/** An amount of money read as float64 for ranking, with exactly the messages of `moneyRule`. */
export const moneyAsFloatRule: FieldRule<number> = moneyValueRule;

/** The RFM customer shape, money read as float64 (for scoring). */
export const rfmCustomerFloatShape = {
  customerId: fieldSchema(customerIdRule),
  daysSinceLastPurchase: fieldSchema(daysRule),
  orderCount: fieldSchema(orderCountRule),
  totalSpend: fieldSchema(moneyAsFloatRule),
  averageOrderValue: fieldSchema(moneyAsFloatRule),
};

/**
 * Every issue of one row that failed the fast path: each field's rule. Fields beyond these five are allowed
 * (customer summaries carry recency, T and more); a misspelt field shows up as the real one missing.
 */
function rowIssues(row: unknown, i: number, issues: IssueList): void {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    issues.note(`customers[${i}]`, 'an object', row, i);
    return;
  }
  const r = row as Record<string, unknown>;
  for (const [key, schema] of Object.entries(rfmCustomerFloatShape)) {
    const rule = schema.clvRule as FieldRule<unknown>;
    if (rule.convert(r[key]) === undefined)
      issues.note(`customers[${i}].${key}`, expectedFor(rule, r[key]), r[key], i);
  }
}

/**
 * Validates customer rows into float64 columns in one pass: the rules and messages of `rfmCustomerFloatShape`
 * (paths `customers[i].field`; other fields are ignored), read field by field without building an object per row —
 * `compileRowsMapper` costs about 1 s per million rows here, this loop about a tenth. Throws one
 * `ClvValidationError` listing every issue of every row.
 */
export function rowsToColumns(
  rows: readonly RfmCustomer[],
  monetary: RfmMonetary,
  where: string,
): RfmColumnsF64 {
  if (!Array.isArray(rows)) throw new ClvValidationError(where, [makeIssue('customers', 'an array', rows)]);
  const n = rows.length;
  const ids = new Array<string | number>(n);
  const days = new Float64Array(n);
  const orders = new Float64Array(n);
  const money = new Float64Array(n);
  const total = monetary === 'total';
  const issues = new IssueList();
  for (let i = 0; i < n; i++) {
    const row = elementAt(where, 'customers', rows, i) as RfmCustomer;
    if (row === null || typeof row !== 'object') {
      rowIssues(row, i, issues);
      continue;
    }
    let id: string | number | undefined;
    let d: number | undefined;
    let o: number | undefined;
    let t: number | undefined;
    let a: number | undefined;
    try {
      id = customerIdRule.convert(row.customerId);
      d = daysRule.convert(row.daysSinceLastPurchase);
      o = orderCountRule.convert(row.orderCount);
      t = moneyAsFloatRule.convert(row.totalSpend);
      a = moneyAsFloatRule.convert(row.averageOrderValue);
      if (id === undefined || d === undefined || o === undefined || t === undefined || a === undefined) {
        rowIssues(row, i, issues);
        continue;
      }
    } catch (e) {
      // A getter or a Proxy trap that throws: this row's fault, named as such.
      for (const issue of unreadableInput(where, `customers[${i}]`, e, i).issues) issues.add(issue);
      continue;
    }
    ids[i] = id;
    days[i] = d;
    orders[i] = o;
    money[i] = total ? t : a;
  }
  issues.throwIfAny(where);
  return { n, ids, days, orders, money };
}

function checkColumn(
  column: unknown,
  name: string,
  rule: FieldRule<number>,
  n: number,
  issues: IssueList,
): ArrayLike<number> | undefined {
  const path = `customers.${name}`;
  if (column === undefined || column === null || typeof column !== 'object' || !('length' in column)) {
    issues.note(path, 'an array or typed array of numbers', column);
    return undefined;
  }
  const col = column as ArrayLike<unknown>;
  if (col.length !== n) {
    issues.note(path, `${n} values (as many as daysSinceLastPurchase)`, `${col.length} values`);
    return undefined;
  }
  for (let i = 0; i < n; i++) {
    if (rule.convert(col[i]) === undefined)
      issues.note(`${path}[${i}]`, expectedFor(rule, col[i]), col[i], i);
  }
  return col as ArrayLike<number>;
}

/**
 * Validates columnar customers: every column as long as `daysSinceLastPurchase`, every value valid under the
 * same rule as the row field (paths `customers.orderCount[i]`). No copy is made.
 */
export function checkColumns(
  columns: RfmCustomerColumns,
  monetary: RfmMonetary,
  where: string,
): RfmColumnsF64 {
  if (columns === null || typeof columns !== 'object') {
    throw new ClvValidationError(where, [
      makeIssue('customers', 'an array of rows or an object of columns', columns),
    ]);
  }
  const issues = new IssueList();
  const dayCol = columns.daysSinceLastPurchase as unknown;
  const n =
    dayCol !== null && typeof dayCol === 'object' && 'length' in dayCol
      ? (dayCol as ArrayLike<unknown>).length
      : 0;
  const days = checkColumn(dayCol, 'daysSinceLastPurchase', daysRule, n, issues);
  const orders = checkColumn(columns.orderCount, 'orderCount', orderCountRule, n, issues);
  const moneyName = monetary === 'total' ? 'totalSpend' : 'averageOrderValue';
  const money = checkColumn(columns[moneyName], moneyName, moneyAsFloatRule, n, issues);
  let ids: readonly (string | number)[] | undefined;
  if (columns.customerId !== undefined) {
    const col = columns.customerId as unknown;
    if (!Array.isArray(col) || col.length !== n) {
      issues.note('customers.customerId', `an array of ${n} customer ids`, col);
    } else {
      for (let i = 0; i < n; i++) {
        if (customerIdRule.convert(col[i]) === undefined)
          issues.note(`customers.customerId[${i}]`, customerIdRule.expected, col[i], i);
      }
      ids = col;
    }
  }
  issues.throwIfAny(where);
  return { n, ids, days: days!, orders: orders!, money: money! };
}

/** Validates `monetary` and reads customers given as rows or as columns into float64 columns. */
export function readCustomers(
  customers: readonly RfmCustomer[] | RfmCustomerColumns,
  monetary: unknown,
  where: string,
): RfmColumnsF64 {
  const basis = monetaryRule.convert(monetary);
  if (basis === undefined)
    throw new ClvValidationError(where, [makeIssue('monetary', monetaryRule.expected, monetary)]);
  if (Array.isArray(customers)) return rowsToColumns(customers, basis, where);
  try {
    return checkColumns(customers as RfmCustomerColumns, basis, where);
  } catch (e) {
    if (e instanceof ClvError) throw e;
    throw unreadableInput(where, 'customers', e); // a column object whose reading throws
  }
}
