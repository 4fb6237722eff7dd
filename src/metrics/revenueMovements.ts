import * as z from 'zod/mini';
import type { Decimal } from '../money.js';
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

/** No more revenue can be lost than there was: contraction + churned ≤ startingRevenue. */
export function checkRevenueLoss(v: {
  startingRevenue: Decimal;
  contraction: Decimal;
  churned: Decimal;
}): CrossFieldProblem[] {
  return v.contraction.add(v.churned).gt(v.startingRevenue)
    ? [
        {
          field: 'churned',
          expected: `at most startingRevenue − contraction (${v.startingRevenue.sub(v.contraction)}): no more revenue can be lost than there was`,
          value: v.churned,
        },
      ]
    : [];
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
