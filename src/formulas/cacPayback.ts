import * as z from 'zod/mini';
import type { Decimal } from '../money.js';
import { decimalSchema, MoneySchema } from '../schemas/field.js';
import { finiteFigure } from '../schemas/finite.js';
import { parseInput } from '../schemas/parse.js';
import { withCrossCheck } from '../schemas/record.js';

function contribution(v: {
  averagePurchaseValue: Decimal;
  purchaseFrequency: Decimal;
  grossMargin?: Decimal | undefined;
  serviceCostPerPeriod?: Decimal | undefined;
}): Decimal {
  return v.averagePurchaseValue
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
 * Throws `ClvValidationError` when the contribution per period is 0 or less.
 *
 * @example cacPaybackPeriods({ acquisitionCost: 300, averagePurchaseValue: 50, purchaseFrequency: 2, grossMargin: 0.5 }).toString() === '6'
 */
export function cacPaybackPeriods(input: CacPaybackInput): Decimal {
  const v = parseInput(CacPaybackInputSchema, input, 'cacPaybackPeriods');
  return finiteFigure(v.acquisitionCost.div(contribution(v)), 'cacPaybackPeriods', 'the payback', {
    path: 'acquisitionCost',
    value: v.acquisitionCost,
  });
}
