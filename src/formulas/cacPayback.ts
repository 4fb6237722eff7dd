import * as z from 'zod/mini';
import { Decimal, ExactDecimal } from '../money.js';
import { decimalSchema, MoneySchema } from '../schemas/field.js';
import { finiteFigure } from '../schemas/finite.js';
import { parseInput } from '../schemas/parse.js';
import { withCrossCheck } from '../schemas/record.js';

/**
 * The contribution per period, exactly: averagePurchaseValue × purchaseFrequency × grossMargin −
 * serviceCostPerPeriod with no digit rounded (an `ExactDecimal`). Rounding the product to 34 digits before
 * subtracting a cost of more digits turned a contribution of exactly 0 into 1e-34, and a payback of 2e35 periods.
 */
function contribution(v: {
  averagePurchaseValue: Decimal;
  purchaseFrequency: Decimal;
  grossMargin?: Decimal | undefined;
  serviceCostPerPeriod?: Decimal | undefined;
}): ExactDecimal {
  return new ExactDecimal(v.averagePurchaseValue)
    .mul(v.purchaseFrequency)
    .mul(v.grossMargin ?? 1)
    .sub(v.serviceCostPerPeriod ?? 0);
}

export const CacPaybackInputSchema = withCrossCheck(
  z.strictObject({
    acquisitionCost: MoneySchema,
    averagePurchaseValue: MoneySchema,
    purchaseFrequency: decimalSchema({ min: 0 }),
    grossMargin: z.optional(decimalSchema({ min: 0, max: 1 })),
    serviceCostPerPeriod: z.optional(MoneySchema),
  }),
  (v) => {
    const m = contribution(v);
    return m.gt(0)
      ? []
      : [
          {
            field: 'contributionPerPeriod',
            expected:
              'a contribution per period above 0 (averagePurchaseValue × purchaseFrequency × grossMargin − serviceCostPerPeriod) — otherwise the acquisition cost is never earned back',
            value: m,
          },
        ];
  },
);
/**
 * What `cacPaybackPeriods` takes: the `acquisitionCost` and the per-period figures of the contribution margin
 * (`averagePurchaseValue` × `purchaseFrequency` × `grossMargin` (default 1) − `serviceCostPerPeriod` (default 0)),
 * which must be above 0.
 *
 * @interface
 */
export type CacPaybackInput = z.input<typeof CacPaybackInputSchema>;

/**
 * CAC payback: periods of contribution needed to earn back the acquisition cost,
 * CAC / (averagePurchaseValue × purchaseFrequency × grossMargin − serviceCostPerPeriod), undiscounted.
 * The contribution is exact (no digit rounded) and the quotient rounded once to 34 digits. Throws
 * `ClvValidationError` when the contribution per period is 0 or less.
 *
 * @example cacPaybackPeriods({ acquisitionCost: 300, averagePurchaseValue: 50, purchaseFrequency: 2, grossMargin: 0.5 }).toString() === '6'
 */
export function cacPaybackPeriods(input: CacPaybackInput): Decimal {
  const v = parseInput(CacPaybackInputSchema, input, 'cacPaybackPeriods');
  return finiteFigure(
    v.acquisitionCost.div(new Decimal(contribution(v))),
    'cacPaybackPeriods',
    'the payback',
    {
      path: 'acquisitionCost',
      value: v.acquisitionCost,
    },
  );
}
