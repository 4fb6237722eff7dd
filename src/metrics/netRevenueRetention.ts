import { Decimal } from '../money.js';
import { finiteFigure } from '../schemas/finite.js';
import { parseInput } from '../schemas/parse.js';
import { type RevenueMovements, RevenueMovementsSchema, revenueKept } from './revenueMovements.js';

/**
 * Net revenue retention (NRR, also net dollar retention): the revenue kept from the customers of the start
 * of the period, counting what they added,
 *
 *   NRR = (startingRevenue + expansion − contraction − churned) / startingRevenue
 *
 * (the SaaS convention; e.g. Skok, "SaaS Metrics 2.0", 2013, on net negative churn). Above 1 means existing
 * customers grow revenue on their own. Decimal ratio ≥ 0 (1.1 = 110%): the numerator is exact, the ratio rounded
 * once to 34 digits. Throws `ClvValidationError` when contraction + churned exceeds startingRevenue by any amount.
 *
 * @example netRevenueRetention({ startingRevenue: 1000, expansion: 150, contraction: 30, churned: 20 }).toString() === '1.1'
 */
export function netRevenueRetention(input: RevenueMovements): Decimal {
  const v = parseInput(RevenueMovementsSchema, input, 'netRevenueRetention');
  const nrr = new Decimal(revenueKept(v)).div(v.startingRevenue);
  return finiteFigure(nrr, 'netRevenueRetention', 'NRR', {
    path: 'startingRevenue',
    value: v.startingRevenue,
  });
}
