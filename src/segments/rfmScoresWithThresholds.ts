import * as z from 'zod/mini';
import { type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import type { DecimalInput } from '../money.js';
import type { FieldRule } from '../schemas/field.js';
import { enumSchema } from '../schemas/field.js';
import { parseInput, snapshot } from '../schemas/parse.js';
import {
  daysRule,
  moneyAsFloatRule,
  orderCountRule,
  type RfmCustomer,
  type RfmCustomerColumns,
  type RfmMonetary,
  readCustomers,
} from './rfmCustomers.js';
import { assembleScores, type RfmScore, type RfmScoreColumns } from './rfmScore.js';

/**
 * A business's own RFM cut-offs, each list strictly ascending and all three of the same length bins − 1
 * (1..8 cut-offs, so 2..9 scores):
 *
 * - `recency`: day cut-offs; R = 1 + #{ c : daysSinceLastPurchase ≤ c } ("within c days"),
 *   e.g. [30, 90, 180, 365] gives R5 for ≤ 30 days, R4 for 31–90, …, R1 for more than 365;
 * - `frequency`: order-count cut-offs; F = 1 + #{ c : orderCount ≥ c } ("at least c orders"),
 *   e.g. [2, 3, 5, 10] gives F1 for one order and F5 for 10 or more;
 * - `monetary`: spend cut-offs (money); M = 1 + #{ c : spend ≥ c }.
 */
export interface RfmThresholds {
  readonly recency: readonly number[];
  readonly frequency: readonly number[];
  readonly monetary: readonly DecimalInput[];
}

const OptionsSchema = z.strictObject({ monetary: z.optional(enumSchema(['total', 'average'] as const)) });

/** Validates one cut-off list: an array of 1..8 values, each valid under `rule`, strictly ascending. */
function readCuts(list: unknown, name: string, rule: FieldRule<number>, issues: ClvIssue[]): Float64Array {
  const path = `thresholds.${name}`;
  if (!Array.isArray(list) || list.length < 1 || list.length > 8) {
    issues.push(makeIssue(path, 'an array of 1 to 8 ascending cut-offs (bins − 1 of them)', list));
    return new Float64Array(0);
  }
  const cuts = new Float64Array(list.length);
  for (let j = 0; j < list.length; j++) {
    const v = rule.convert(list[j]);
    if (v === undefined) issues.push(makeIssue(`${path}[${j}]`, rule.expected, list[j]));
    else if (j > 0 && !(v > (cuts[j - 1] as number)))
      issues.push(makeIssue(`${path}[${j}]`, `a cut-off above the previous one (${cuts[j - 1]})`, list[j]));
    else cuts[j] = v;
  }
  return cuts;
}

/** 1 + the number of cut-offs each value reaches: `≥` a cut-off, or `≤` it when lower is better (recency). */
function scoreAgainst(
  x: ArrayLike<number>,
  cuts: Float64Array,
  out: Uint8Array,
  lowerIsBetter: boolean,
): void {
  const k = cuts.length;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    let s = 1;
    if (lowerIsBetter) for (let j = 0; j < k; j++) s += v <= (cuts[j] as number) ? 1 : 0;
    else for (let j = 0; j < k; j++) s += v >= (cuts[j] as number) ? 1 : 0;
    out[i] = s;
  }
}

/**
 * RFM scores from fixed cut-offs instead of quantiles (for businesses with their own definitions, e.g.
 * "bought within 30 days", "5 orders or more"): see `RfmThresholds` for the exact rule of each axis. Scores
 * do not depend on the other customers, so they are stable over time and across data sets. Money is compared
 * as float64 (converted once per customer and cut-off). Same inputs and outputs as `rfmScores`.
 *
 * @example
 * rfmScoresWithThresholds(
 *   [{ customerId: 1, daysSinceLastPurchase: 45, orderCount: 5, totalSpend: '250', averageOrderValue: 50 }],
 *   { recency: [30, 90, 180, 365], frequency: [2, 3, 5, 10], monetary: [50, 100, 500, 1000] },
 * )[0].cell // '443'
 */
export function rfmScoresWithThresholds(
  customers: readonly RfmCustomer[],
  thresholds: RfmThresholds,
  options?: { readonly monetary?: RfmMonetary },
): RfmScore[];
export function rfmScoresWithThresholds(
  customers: RfmCustomerColumns,
  thresholds: RfmThresholds,
  options?: { readonly monetary?: RfmMonetary },
): RfmScoreColumns;
export function rfmScoresWithThresholds(
  customers: readonly RfmCustomer[] | RfmCustomerColumns,
  thresholds: RfmThresholds,
  options: { readonly monetary?: RfmMonetary } = {},
): RfmScore[] | RfmScoreColumns {
  const where = 'rfmScoresWithThresholds';
  const o = parseInput(OptionsSchema, options, where);
  thresholds = snapshot(where, 'thresholds', thresholds, 2);
  if (thresholds === null || typeof thresholds !== 'object')
    throw new ClvValidationError(where, [
      makeIssue('thresholds', 'an object { recency, frequency, monetary }', thresholds),
    ]);
  const issues: ClvIssue[] = [];
  const rc = readCuts(thresholds.recency, 'recency', daysRule, issues);
  const fc = readCuts(thresholds.frequency, 'frequency', orderCountRule, issues);
  const mc = readCuts(thresholds.monetary, 'monetary', moneyAsFloatRule, issues);
  if (issues.length === 0 && (fc.length !== rc.length || mc.length !== rc.length)) {
    issues.push(
      makeIssue(
        'thresholds',
        `as many frequency and monetary cut-offs as recency cut-offs (${rc.length})`,
        `${fc.length} frequency and ${mc.length} monetary`,
      ),
    );
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  const c = readCustomers(customers, o.monetary ?? 'total', where);
  const r = new Uint8Array(c.n);
  const f = new Uint8Array(c.n);
  const m = new Uint8Array(c.n);
  scoreAgainst(c.days, rc, r, true);
  scoreAgainst(c.orders, fc, f, false);
  scoreAgainst(c.money, mc, m, false);
  return assembleScores(c, rc.length + 1, r, f, m, Array.isArray(customers));
}
