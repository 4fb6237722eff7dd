import * as z from 'zod/mini';
import type { Decimal } from '../money.js';
import { finiteFigure } from '../schemas/finite.js';
import { parseInput } from '../schemas/parse.js';
import { withCrossCheck } from '../schemas/record.js';
import { checkRevenueLoss, revenueMovementsShape } from './revenueMovements.js';

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
 * (the SaaS convention; e.g. Skok, "SaaS Metrics 2.0", 2013). Exact Decimal ratio in [0, 1].
 *
 * @example grossRevenueRetention({ startingRevenue: 1000, expansion: 150, contraction: 30, churned: 20 }).toString() === '0.95'
 */
export function grossRevenueRetention(input: GrossRevenueRetentionInput): Decimal {
  const v = parseInput(GrossRevenueRetentionInputSchema, input, 'grossRevenueRetention');
  const grr = v.startingRevenue.sub(v.contraction).sub(v.churned).div(v.startingRevenue);
  return finiteFigure(grr, 'grossRevenueRetention', 'GRR', {
    path: 'startingRevenue',
    value: v.startingRevenue,
  });
}
