export { churnRate, type LostCounts, LostCountsSchema } from './churnRate.js';
export { type CustomerCounts, CustomerCountsSchema } from './customerCounts.js';
export { type CsatOptions, customerSatisfactionScore } from './customerSatisfactionScore.js';
export {
  type GrossRevenueRetentionInput,
  GrossRevenueRetentionInputSchema,
  grossRevenueRetention,
} from './grossRevenueRetention.js';
export { type NetPromoterScore, netPromoterScore } from './netPromoterScore.js';
export { netRevenueRetention } from './netRevenueRetention.js';
export { type RepeatPurchaseRow, repeatPurchaseRate } from './repeatPurchaseRate.js';
export { retentionRate } from './retentionRate.js';
export { type RevenueMovements, RevenueMovementsSchema } from './revenueMovements.js';
