/**
 * Model evaluation: holdout metrics (error, bias, ranking), information criteria and the likelihood-ratio test,
 * and `evaluateModels`, which fits every applicable model on a calibration period, scores it on the holdout and
 * recommends one by a stated rule.
 */
export { upperRegularizedGamma } from '../models/special/upperGamma.js';
export { chiSquareSurvival } from './chiSquare.js';
export { type DecileRow, decileTable, topDecileCapture } from './deciles.js';
export {
  aggregateBias,
  meanAbsoluteError,
  meanSquaredLogError,
  rootMeanSquaredError,
} from './errorMetrics.js';
export { type EvaluateOptions, type EvaluationInput, evaluateModels } from './evaluateModels.js';
export type { SplitSummary } from './evaluationData.js';
export {
  type EvaluationResult,
  EvaluationResultSchema,
  type HoldoutScore,
  type ModelEvaluation,
} from './evaluationResult.js';
export { normalizedGini } from './gini.js';
export {
  akaikeInformationCriterion,
  bayesianInformationCriterion,
  type LikelihoodRatioTest,
  likelihoodRatioTest,
} from './informationCriteria.js';
export { CHOICE_METRICS, type ChoiceMetric, DEFAULT_CHOICE_METRIC } from './modelChoice.js';
export { NESTED_MODEL_PAIRS, type NestedModelPair } from './nesting.js';
export { averageRanks, spearmanCorrelation } from './rankCorrelation.js';
