export {
  type CacPaybackInput,
  CacPaybackInputSchema,
  cacPaybackPeriods,
} from './cacPayback.js';
export { type ClvInput, ClvInputSchema, type ClvParsedInput } from './clvInput.js';
export {
  assessClvToCac,
  type ClvToCacThresholds,
  ClvToCacThresholdsSchema,
  type ClvToCacVerdict,
  clvToCacRatio,
  DEFAULT_CLV_TO_CAC_THRESHOLDS,
} from './clvToCac.js';
export { type ClvResult, customerLifetimeValue } from './customerLifetimeValue.js';
export { customerLifetimeValues } from './customerLifetimeValues.js';
export { LazyClvResult } from './lazyClvResult.js';
export {
  type AveragePurchaseValueInput,
  AveragePurchaseValueInputSchema,
  averagePurchaseValue,
  type CustomerValuePerPeriodInput,
  CustomerValuePerPeriodInputSchema,
  customerValuePerPeriod,
  lifespanFromChurn,
  type PurchaseFrequencyInput,
  PurchaseFrequencyInputSchema,
  purchaseFrequency,
} from './purchaseFigures.js';
export { type RetentionSensitivity, retentionSensitivity } from './retentionSensitivity.js';
