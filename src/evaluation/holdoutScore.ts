/** One prediction scored against the holdout: aggregate, per-customer and ranking figures in one record. */
import { decileRows } from './deciles.js';
import {
  aggregateBias,
  meanAbsoluteError,
  meanSquaredLogError,
  rootMeanSquaredError,
} from './errorMetrics.js';
import type { HoldoutScore } from './evaluationResult.js';
import { rawGini } from './gini.js';
import { descendingOrder, ranksFromOrder } from './ordering.js';
import { rankCorrelation } from './rankCorrelation.js';

/** What every model's score reuses about the actual values: their total, ranks and perfect-order Gini. */
export interface ActualSide {
  readonly values: Float64Array;
  readonly total: number;
  readonly ranks: Float64Array;
  /** Gini of the perfect order; null when the values are all equal or sum to 0 (no Gini to normalize by). */
  readonly perfectGini: number | null;
}

/** Sorts the actual values once, for every model scored against them. */
export function actualSide(values: Float64Array): ActualSide {
  const order = descendingOrder(values);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] as number;
  const varies = values.some((v) => v !== values[0]);
  const perfect = total > 0 && varies ? rawGini(values, values, order) : 0;
  return { values, total, ranks: ranksFromOrder(values, order), perfectGini: perfect > 0 ? perfect : null };
}

/**
 * Scores per-customer predictions against actual holdout values (purchases, or spend): totals and bias
 * Σp/Σa − 1, MAE, RMSE, MSLE (counts only), Spearman's ρ, normalized Gini, top-decile capture and the decile
 * table — the same definitions as the public metrics, with each column sorted once. Where a figure is undefined
 * on these data (Σ actual = 0: no bias, capture or Gini; all actual values equal: no Gini) it is null, or for
 * bias 0 — never NaN.
 */
export function holdoutScore(actual: ActualSide, predicted: Float64Array, counts: boolean): HoldoutScore {
  const a = actual.values;
  let predictedTotal = 0;
  for (let i = 0; i < predicted.length; i++) predictedTotal += predicted[i] as number;
  const positive = actual.total > 0;
  const order = descendingOrder(predicted);
  const deciles = decileRows(a, predicted, order, 'evaluateModels');
  return {
    actualTotal: actual.total,
    predictedTotal,
    bias: positive ? aggregateBias(a, predicted) : 0,
    mae: meanAbsoluteError(a, predicted),
    rmse: rootMeanSquaredError(a, predicted),
    msle: counts ? meanSquaredLogError(a, predicted) : null,
    spearman: rankCorrelation(actual.ranks, ranksFromOrder(predicted, order)),
    gini: actual.perfectGini === null ? null : rawGini(a, predicted, order) / actual.perfectGini,
    topDecileCapture: positive ? (deciles[0]?.shareOfActual ?? 0) : null,
    deciles: deciles.map((r) => ({ ...r })),
  };
}
