export { type ParetoPoint, paretoCurve } from './paretoCurve.js';
export { paretoShare } from './paretoShare.js';
export {
  customerIdRule,
  type RfmCustomer,
  type RfmCustomerColumns,
  type RfmMonetary,
} from './rfmCustomers.js';
export { type RfmScore, type RfmScoreColumns, rfmCell } from './rfmScore.js';
export {
  type RfmScoreColumnsWithWarnings,
  type RfmScoreOptions,
  RfmScoreOptionsSchema,
  type RfmScoreRows,
  type RfmWarning,
  rfmScores,
} from './rfmScores.js';
export { type RfmThresholds, rfmScoresWithThresholds } from './rfmScoresWithThresholds.js';
export {
  DEFAULT_RFM_SEGMENT_TABLE,
  type RfmScoreLike,
  type RfmSegmentName,
  type RfmSegmentRule,
  type RfmSegmentTable,
  rescaleScore,
  rfmSegment,
  rfmSegments,
  type ScoreRange,
} from './rfmSegment.js';
export { type SegmentSummaryCustomers, type SegmentSummaryRow, segmentSummary } from './segmentSummary.js';
export { sumMoney } from './sumMoney.js';
export { topCustomers, topCustomersByCount } from './topCustomers.js';
export type { CustomerValues } from './values.js';
export {
  DEFAULT_VALUE_TIER_CUTOFFS,
  type ValueTier,
  type ValueTierCutoffs,
  valueTiers,
} from './valueTiers.js';
