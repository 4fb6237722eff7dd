import * as z from 'zod/mini';
import { enumSchema, numberSchema } from '../schemas/field.js';
import { parseInput } from '../schemas/parse.js';
import { quantileScores, type SpanningTie } from './quantileScore.js';
import {
  type RfmCustomer,
  type RfmCustomerColumns,
  type RfmMonetary,
  readCustomers,
} from './rfmCustomers.js';
import { assembleScores, type RfmScore, type RfmScoreColumns } from './rfmScore.js';

/** Options of `rfmScores`. */
export interface RfmScoreOptions {
  /** Scores per axis, 2..9 (one digit each in the cell); default 5 (quintiles). */
  readonly bins?: number;
  /** The M axis: `'total'` spend (default) or `'average'` order value. */
  readonly monetary?: RfmMonetary;
}

export const RfmScoreOptionsSchema = z.strictObject({
  bins: z.optional(numberSchema({ min: 2, max: 9 }, true)),
  monetary: z.optional(enumSchema(['total', 'average'] as const)),
});

/**
 * RFM scores by quantiles of the customer base (Hughes 1994, "Strategic Database Marketing"; quintiles when
 * bins = 5). Each axis is scored 1..bins by the quantile rule
 *
 *   score(v) = ⌊rank(v) × bins / n⌋ + 1,   rank(v) = #{ customers whose value is worse than v }
 *
 * where "worse" is MORE days since the last purchase for R, FEWER orders for F and LESS spend for M. Ties:
 * a value shared by E customers, with B others worse and A better, takes rank B + (E − 1)·B/(A + B) — the
 * lowest rank of its span for a tie at the bottom (pandas rank 'min'), the highest for a tie at the top
 * ('max'): 49 of 50 customers who all bought yesterday score R = 5, one-order customers F = 1 (see
 * `quantileScore`). Equal values always share a score, a better value never scores lower, and the result
 * does not depend on the order of the customers. A tie group whose ranks cover a band boundary makes the
 * split uneven; each is reported in `result.warnings` (not enumerable; empty when every split is as asked).
 * `cell` is the digits R F M (e.g. '545') and `score` = R + F + M.
 *
 * Rows are validated in one pass (paths `customers[i].field`); columns (typed arrays, money as float64)
 * skip the per-row objects and return typed-array scores. Money is ranked as float64, converted once per
 * customer (amounts equal to ≈ 16 significant digits tie). An empty customer list gives an empty result.
 * Cost: three float64 sorts, O(n log n); about 0.1 s per million customers for columns.
 *
 * @example
 * rfmScores([
 *   { customerId: 'a', daysSinceLastPurchase: 3, orderCount: 9, totalSpend: '900', averageOrderValue: 100 },
 *   { customerId: 'b', daysSinceLastPurchase: 40, orderCount: 2, totalSpend: '80', averageOrderValue: 40 },
 * ], { bins: 2 }).map((s) => s.cell) // ['222', '111']
 */
export function rfmScores(customers: readonly RfmCustomer[], options?: RfmScoreOptions): RfmScoreRows;
export function rfmScores(
  customers: RfmCustomerColumns,
  options?: RfmScoreOptions,
): RfmScoreColumnsWithWarnings;
export function rfmScores(
  customers: readonly RfmCustomer[] | RfmCustomerColumns,
  options: RfmScoreOptions = {},
): RfmScoreRows | RfmScoreColumnsWithWarnings {
  const o = parseInput(RfmScoreOptionsSchema, options, 'rfmScores');
  const bins = o.bins ?? 5;
  const c = readCustomers(customers, o.monetary ?? 'total', 'rfmScores');
  const work = new Float64Array(c.n); // one scratch buffer for the three selections
  const r = quantileScores(c.days, bins, true, work);
  const f = quantileScores(c.orders, bins, false, work);
  const m = quantileScores(c.money, bins, false, work);
  const result = assembleScores(c, bins, r.scores, f.scores, m.scores, Array.isArray(customers));
  const warnings = [
    ...r.ties.map((t) => tieWarning('recency', 'days since the last purchase', t, bins)),
    ...f.ties.map((t) => tieWarning('frequency', 'orders', t, bins)),
    ...m.ties.map((t) =>
      tieWarning('monetary', o.monetary === 'average' ? 'average order value' : 'total spend', t, bins),
    ),
  ];
  // Not enumerable: the rows stay a plain list of scores for spreading, printing and comparing.
  Object.defineProperty(result, 'warnings', { value: warnings, enumerable: false });
  return result as RfmScoreRows | RfmScoreColumnsWithWarnings;
}

/**
 * A quantile split that could not be made as asked: a tie group covering a band boundary (e.g. 49 customers
 * who all bought yesterday): how many, what they share, the scores their ranks span, and the one they share.
 */
export interface RfmWarning {
  readonly axis: 'recency' | 'frequency' | 'monetary';
  /** The shared value: days since the last purchase, orders, or spend (as float64). */
  readonly value: number;
  readonly customers: number;
  /** The lowest and highest score their ranks reach under the distinct-value rule. */
  readonly spans: readonly [number, number];
  /** The score they all get (the tie rule of `quantileScore`). */
  readonly score: number;
  readonly message: string;
}

/** `rfmScores` over rows: the score rows, with `warnings` (not enumerable) for uneven splits. */
export type RfmScoreRows = RfmScore[] & { readonly warnings: readonly RfmWarning[] };
/** `rfmScores` over columns: the score columns, with `warnings` (not enumerable) for uneven splits. */
export type RfmScoreColumnsWithWarnings = RfmScoreColumns & { readonly warnings: readonly RfmWarning[] };

function tieWarning(axis: RfmWarning['axis'], what: string, t: SpanningTie, bins: number): RfmWarning {
  const [low, high] = t.spans;
  return {
    axis,
    value: t.value,
    customers: t.customers,
    spans: t.spans,
    score: t.score,
    message: `${t.customers} customers share ${what} = ${t.value}: their ranks span ${axis} scores ${low}–${high} of ${bins}, so the split is uneven; they all score ${t.score} (ties take the rank between their lowest and highest in proportion to the share of other customers below them)`,
  };
}
