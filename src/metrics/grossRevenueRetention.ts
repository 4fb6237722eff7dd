import * as z from 'zod/mini';
import { Decimal } from '../money.js';
import { finiteFigure } from '../schemas/finite.js';
import { parseInput } from '../schemas/parse.js';
import { withCrossCheck } from '../schemas/record.js';
import { checkRevenueLoss, revenueKept, revenueMovementsShape } from './revenueMovements.js';

/** The movements of `netRevenueRetention`; `expansion` may be omitted (gross retention ignores it). */
export const GrossRevenueRetentionInputSchema = withCrossCheck(
  z.strictObject({ ...revenueMovementsShape, expansion: z.optional(revenueMovementsShape.expansion) }),
  checkRevenueLoss,
);
/**
 * What `grossRevenueRetention` takes: the `RevenueMovements`, where `expansion` may be omitted (gross retention
 * ignores it).
 *
 * @interface
 */
export type GrossRevenueRetentionInput = z.input<typeof GrossRevenueRetentionInputSchema>;

/**
 * Gross revenue retention (GRR): the share of starting revenue kept, expansion NOT counted, so it never
 * exceeds 1,
 *
 *   GRR = (startingRevenue − contraction − churned) / startingRevenue
 *
 * (the SaaS convention; e.g. Skok, "SaaS Metrics 2.0", 2013). Decimal ratio in [0, 1]: the numerator is exact,
 * the ratio rounded once to 34 digits. Throws `ClvValidationError` when contraction + churned exceeds
 * startingRevenue by any amount.
 *
 * @example grossRevenueRetention({ startingRevenue: 1000, expansion: 150, contraction: 30, churned: 20 }).toString() === '0.95'
 */
export function grossRevenueRetention(input: GrossRevenueRetentionInput): Decimal {
  const v = parseInput(GrossRevenueRetentionInputSchema, input, 'grossRevenueRetention');
  const grr = new Decimal(revenueKept({ ...v, expansion: undefined })).div(v.startingRevenue);
  return finiteFigure(grr, 'grossRevenueRetention', 'GRR', {
    path: 'startingRevenue',
    value: v.startingRevenue,
  });
}
