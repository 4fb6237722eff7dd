import * as z from 'zod/mini';
import { Decimal, ExactDecimal } from '../money.js';
import { decimalSchema, MoneySchema } from '../schemas/field.js';
import { type CrossFieldProblem, withCrossCheck } from '../schemas/record.js';

/**
 * The recurring-revenue movements of one cohort of existing customers over a period (new customers
 * excluded): `startingRevenue` (> 0), `expansion` (upsell, cross-sell), `contraction` (downgrades) and
 * `churned` (revenue of customers who left), all amounts ≥ 0, with contraction + churned ≤ startingRevenue.
 */
export const revenueMovementsShape = {
  startingRevenue: decimalSchema({ min: 0, minExclusive: true }, 'an amount'),
  expansion: MoneySchema,
  contraction: MoneySchema,
  churned: MoneySchema,
};

/**
 * The revenue kept, exactly: startingRevenue + expansion − contraction − churned, with no digit rounded (an
 * `ExactDecimal`), so that a loss beyond the starting revenue by any amount is seen and the ratios built on it
 * are rounded once. Leave `expansion` out for gross retention.
 *
 * @example revenueKept({ startingRevenue: new Decimal(1), contraction: new Decimal('1e-40'), churned: new Decimal(1) }).isNeg() === true
 */
export function revenueKept(v: {
  startingRevenue: Decimal;
  expansion?: Decimal | undefined;
  contraction: Decimal;
  churned: Decimal;
}): ExactDecimal {
  return new ExactDecimal(v.startingRevenue)
    .add(v.expansion ?? 0)
    .sub(v.contraction)
    .sub(v.churned);
}

/**
 * No more revenue can be lost than there was: contraction ≤ startingRevenue, then contraction + churned ≤
 * startingRevenue, compared exactly (in 34 digits, 1 − 1e-300 is 1, and a loss of 1 + 1e-300 out of 1 passed).
 * The bound printed is rounded down to 34 digits, so that it never exceeds the true one.
 */
export function checkRevenueLoss(v: {
  startingRevenue: Decimal;
  contraction: Decimal;
  churned: Decimal;
}): CrossFieldProblem[] {
  const lost = 'no more revenue can be lost than there was';
  if (v.contraction.gt(v.startingRevenue))
    return [
      {
        field: 'contraction',
        expected: `at most startingRevenue (${v.startingRevenue}): ${lost}`,
        value: v.contraction,
      },
    ];
  const left = new ExactDecimal(v.startingRevenue).sub(v.contraction);
  if (left.gte(v.churned)) return [];
  const atMost = left.toSignificantDigits(Decimal.precision, Decimal.ROUND_DOWN);
  return [
    {
      field: 'churned',
      expected: `at most startingRevenue − contraction (${new Decimal(atMost)}): ${lost}`,
      value: v.churned,
    },
  ];
}

export const RevenueMovementsSchema = withCrossCheck(z.strictObject(revenueMovementsShape), checkRevenueLoss);
/**
 * The recurring-revenue movements of one cohort of existing customers over a period, the input of
 * `netRevenueRetention`: `startingRevenue` (> 0), `expansion`, `contraction` and `churned`, all amounts ≥ 0, with
 * contraction + churned ≤ startingRevenue.
 *
 * @interface
 */
export type RevenueMovements = z.input<typeof RevenueMovementsSchema>;
