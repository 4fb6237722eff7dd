/**
 * Uncertainty: parameter draws and predictive distributions (intervals) of future purchases, revenue, CLV and
 * customer equity, per customer and for groups of customers, for every transaction model of the registry. See docs/intervals.md.
 */

export { type BootstrapDraws, type BootstrapOptions, bootstrapParameters } from './bootstrapParameters.js';
export { type IntervalCoverage, predictiveCoverage } from './coverage.js';
export { type CustomerEquity, type CustomerEquityInput, customerEquity } from './customerEquity.js';
export { type DrawParametersOptions, drawParameters, predictiveLifetimeValue } from './libraryVerbs.js';
export {
  DEFAULT_DRAWS,
  DEFAULT_SEED,
  type FitWithCovariance,
  type ParameterDrawOptions,
  type ParameterDraws,
} from './parameterDraws.js';
export type {
  MoneyDistribution,
  PredictiveValue,
  PredictiveValueOptions,
  ValueRun,
  ValueTotal,
} from './predictiveLifetimeValue.js';
export {
  type AggregateOptions,
  type AggregatePredictive,
  aggregatePredictive,
  type ObservedPit,
  type PredictiveOptions,
  type PredictivePurchases,
  type PredictiveTotal,
  predictivePurchases,
  type RevenueTotal,
  type SpendOption,
} from './predictivePurchases.js';
export { DEFAULT_QUANTILES } from './quantiles.js';
export type { MoneyTotal } from './simulationParts.js';
