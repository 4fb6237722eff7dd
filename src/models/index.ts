/**
 * Buy-till-you-die models: fitting, predictions, model-based CLV, holdout checks and simulators.
 */
export {
  type BetaGeoParams,
  betaGeoDefinition,
  betaGeoPredictions,
  fitBetaGeo,
} from './betaGeo.js';
export {
  type BetaGeoBetaBinomCustomer,
  type BetaGeoBetaBinomData,
  type BetaGeoBetaBinomParams,
  betaGeoBetaBinomExpectedPurchases,
  betaGeoBetaBinomLogLikelihood,
  betaGeoBetaBinomModel,
  betaGeoBetaBinomPredictions,
  betaGeoBetaBinomProbabilityAlive,
  fitBetaGeoBetaBinom,
} from './betaGeoBetaBinom.js';
export { type ColumnSpec, type NumericColumn, readColumns } from './data/columns.js';
export {
  type CustomerColumns,
  type CustomerRow,
  type CustomersInput,
  customerColumns,
} from './data/customers.js';
export { type GroupedCustomers, groupCustomers, type Levels } from './data/groupCustomers.js';
export { type Fit, type FitOptions, fitModel } from './fit/fitModel.js';
export type { ModelDefinition } from './fit/modelDefinition.js';
export {
  FIT_FILE_MODELS,
  type FitFile,
  type FitFileModel,
  FitFileSchema,
  fitFromJson,
  fitToJson,
} from './fitFile.js';
export {
  fitGammaGamma,
  frequencySpendCorrelation,
  type GammaGammaData,
  type GammaGammaFit,
  gammaGammaData,
  gammaGammaDefinition,
  type SpendColumns,
  type SpendInput,
} from './gammaGamma.js';
export {
  compareHoldout,
  type HoldoutComparison,
  type HoldoutInput,
  type HoldoutRow,
} from './holdout.js';
export {
  type LifetimeValueInput,
  type LifetimeValuePrediction,
  predictCustomerLifetimeValue,
} from './lifetimeValue.js';
export {
  fitModifiedBetaGeo,
  modifiedBetaGeoDefinition,
  modifiedBetaGeoPredictions,
} from './modifiedBetaGeo.js';
export {
  fitParetoNbd,
  type ParetoNbdCustomer,
  type ParetoNbdData,
  type ParetoNbdParams,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdExpectedRepeatCounts,
  paretoNbdLogLikelihood,
  paretoNbdModel,
  paretoNbdPredictions,
  paretoNbdProbabilityAlive,
  paretoNbdPurchaseProbability,
} from './paretoNbd.js';
export {
  expectedPurchases,
  expectedPurchasesNewCustomer,
  expectedRepeatCountDistribution,
  expectedSpend,
  type FitLike,
  type ModelParams,
  type ModelPredictions,
  observedRepeatCountDistribution,
  probabilityAlive,
  probabilityOfPurchases,
} from './predict.js';
export { type RepeatSpenders, repeatSpenders } from './repeatSpenders.js';
export {
  discountedExpectedResidualLifetime,
  fitShiftedBetaGeometric,
  retentionCurve,
  type ShiftedBetaGeometricData,
  type ShiftedBetaGeometricParams,
  shiftedBetaGeometricExpectedLifetime,
  shiftedBetaGeometricLogLikelihood,
  shiftedBetaGeometricModel,
  survivalCurve,
} from './shiftedBetaGeometric.js';
export {
  type BetaGeoSimulation,
  type SimulatedCustomers,
  simulateBetaGeo,
  simulateModifiedBetaGeo,
} from './simulate/betaGeo.js';
export { type GammaGammaSimulation, simulateGammaGamma } from './simulate/gammaGamma.js';
export { createRandom, type Random } from './simulate/random.js';
export {
  type SimulatedBetaGeoBetaBinom,
  simulateBetaGeoBetaBinom,
} from './simulate/simulateBetaGeoBetaBinom.js';
export { type SimulatedParetoNbd, simulateParetoNbd } from './simulate/simulateParetoNbd.js';
export { simulateShiftedBetaGeometric } from './simulate/simulateShiftedBetaGeometric.js';
export { digamma } from './special/digamma.js';
export { logHyp2f1 } from './special/hyp2f1.js';
export { lgamma } from './special/lgamma.js';
export { logBeta } from './special/logBeta.js';
export { logDiffExp, logSumExp } from './special/logSumExp.js';
