/** One prediction scored against the holdout: aggregate, per-customer and ranking figures in one record. */
import { decileTable, topDecileCapture } from './deciles.js';
import { meanAbsoluteError, meanSquaredLogError, rootMeanSquaredError } from './errorMetrics.js';
import type { HoldoutScore } from './evaluationResult.js';
import { normalizedGini } from './gini.js';
import { spearmanCorrelation } from './rankCorrelation.js';

/**
 * Scores per-customer predictions against actual holdout values (purchases, or spend): totals and bias
 * Σp/Σa − 1, MAE, RMSE, MSLE (counts only), Spearman's ρ, normalized Gini, top-decile capture and the decile
 * table. Where a figure is undefined on these data (Σ actual = 0: no bias, capture or Gini; all actual values
 * equal: no Gini) it is null, or for bias 0 with Σ predicted = 0 — never NaN.
 */
export function holdoutScore(actual: Float64Array, predicted: Float64Array, counts: boolean): HoldoutScore {
  let actualTotal = 0;
  let predictedTotal = 0;
  let varies = false;
  for (let i = 0; i < actual.length; i++) {
    actualTotal += actual[i] as number;
    predictedTotal += predicted[i] as number;
    if (actual[i] !== actual[0]) varies = true;
  }
  const positive = actualTotal > 0;
  return {
    actualTotal,
    predictedTotal,
    bias: positive ? predictedTotal / actualTotal - 1 : 0,
    mae: meanAbsoluteError(actual, predicted),
    rmse: rootMeanSquaredError(actual, predicted),
    msle: counts ? meanSquaredLogError(actual, predicted) : null,
    spearman: spearmanCorrelation(actual, predicted),
    gini: positive && varies ? normalizedGini(actual, predicted) : null,
    topDecileCapture: positive ? topDecileCapture(actual, predicted) : null,
    deciles: decileTable(actual, predicted).map((r) => ({ ...r })),
  };
}
