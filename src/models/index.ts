/**
 * Buy-till-you-die models: one record per model (the registry), fitting, one set of verbs over any fit,
 * model-based CLV, holdout checks and simulators. Special functions are in `clvkit/special`.
 */
export type { BetaGeoParams } from './betaGeo/likelihood.js';
export { fitBetaGeo } from './betaGeo.js';
export type { BetaGeoBetaBinomParams } from './betaGeoBetaBinom/predictions.js';
export {
  type BetaGeoBetaBinomData,
  type BetaGeoBetaBinomRow,
  fitBetaGeoBetaBinom,
} from './betaGeoBetaBinom.js';
export type { NumericColumn } from './data/columns.js';
export type { CustomerColumns, CustomerRow, CustomersInput } from './data/customers.js';
export type { Fit, FitOptions } from './fit/fitModel.js';
export type { BoundLikelihood, LikelihoodEvaluator } from './fit/likelihoodEvaluator.js';
export type { ModelDefinition } from './fit/modelDefinition.js';
export { type FitFile, FitFileSchema, fitFromJson, fitToJson } from './fitFile.js';
export { fitFromParams, type ParamsFit } from './fitFromParams.js';
export {
  fitGammaGamma,
  frequencySpendCorrelation,
  type GammaGammaFit,
  type SpendColumns,
  type SpendInput,
} from './gammaGamma.js';
export { compareHoldout, type HoldoutComparison, type HoldoutInput, type HoldoutRow } from './holdout.js';
export type { LifetimeValueInput, LifetimeValuePrediction } from './lifetimeValue.js';
export type { DataKind, ModelId, ModelParams, SimulatedCustomerColumns } from './model.js';
export { fitModifiedBetaGeo } from './modifiedBetaGeo.js';
export type { ParetoNbdParams } from './paretoNbd/predictions.js';
export { fitParetoNbd } from './paretoNbd.js';
export {
  conditionalProbabilityOfPurchases,
  customerLogLikelihood,
  discountedExpectedResidualPurchases,
  expectedCumulativePurchases,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  expectedRepeatCountDistribution,
  expectedSpend,
  type FitLike,
  observedRepeatCountDistribution,
  predictCustomerLifetimeValue,
  probabilityAlive,
  probabilityOfPurchases,
  type TrackingInput,
} from './predict.js';
export { type RepeatSpenders, repeatSpenders } from './repeatSpenders.js';
export { type GroupScores, type ScoreGroupsInput, scoreGroups } from './scoreGroups.js';
export {
  discountedExpectedResidualLifetime,
  fitShiftedBetaGeometric,
  retentionCurve,
  type ShiftedBetaGeometricData,
  type ShiftedBetaGeometricParams,
  shiftedBetaGeometricExpectedLifetime,
  survivalCurve,
} from './shiftedBetaGeometric.js';
export { type GammaGammaSimulation, simulateGammaGamma } from './simulate/gammaGamma.js';
export { type SimulateCustomersOptions, simulateCustomers } from './simulate/simulateCustomers.js';
export { simulateShiftedBetaGeometric } from './simulate/simulateShiftedBetaGeometric.js';
export type { CumulativePurchases } from './tracking/expectedCumulativePurchases.js';
