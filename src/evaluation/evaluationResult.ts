/**
 * The result of `evaluateModels`, as a zod schema: the function builds its result and parses it through this
 * schema before returning, so every figure is checked finite and every field present.
 */
import * as z from 'zod/mini';

const finite = z.number().check(z.refine(Number.isFinite, { message: 'expected a finite number' }));
const params = z.record(z.string(), finite);

/**
 * A fit's parameter uncertainty, named and shaped as on `Fit` (and drawn from by `drawParameters`): `paramNames`
 * orders the rows and columns of `covariance`, the natural-scale covariance of the estimates (inverse observed
 * information, delta method). Every fit of the evaluation has one: a fit whose Hessian is not finite or not
 * positive definite fails (`ClvFitError`) and is listed in `failures` instead — never a NaN matrix.
 */
const estimateCovariance = {
  /** Parameter order of `covariance` (the model's order, as in `params`). */
  paramNames: z.array(z.string()),
  /** Natural-scale covariance matrix of the estimates, k × k in `paramNames` order. */
  covariance: z.array(z.array(finite)),
};

/** `covariance` is square in the order `paramNames` gives, and names exactly the keys of `params`. */
const squareCovariance = z.refine<{
  params: Record<string, number>;
  paramNames: string[];
  covariance: number[][];
}>(
  (f) => {
    const k = f.paramNames.length;
    return (
      k === Object.keys(f.params).length &&
      f.paramNames.every((name) => name in f.params) &&
      f.covariance.length === k &&
      f.covariance.every((row) => row.length === k)
    );
  },
  { message: 'expected a k × k covariance in the order of paramNames, the keys of params' },
);

/** Aggregate, per-customer and ranking figures of one prediction against the holdout. */
export const HoldoutScoreSchema = z.object({
  actualTotal: finite,
  predictedTotal: finite,
  /** Σ predicted / Σ actual − 1 (0 when Σ actual is 0 and the prediction too; see `notes`). */
  bias: finite,
  mae: finite,
  rmse: finite,
  /** Mean squared log error (purchases only; null for spend, where amounts are not counts). */
  msle: z.nullable(finite),
  spearman: finite,
  /** Normalized Gini; null when the actual values are all equal (no order to score). */
  gini: z.nullable(finite),
  /** Share of actual value held by the 10 % predicted highest; null when Σ actual is 0. */
  topDecileCapture: z.nullable(finite),
  deciles: z.array(
    z.object({
      decile: z.int(),
      customers: finite,
      meanPredicted: finite,
      meanActual: finite,
      totalPredicted: finite,
      totalActual: finite,
      shareOfActual: finite,
    }),
  ),
});
/**
 * How one prediction scored against the holdout: totals and aggregate bias, per-customer errors (MAE, RMSE,
 * MSLE), ranking quality (Spearman, normalized Gini, top-decile capture) and the decile table. Produced by
 * `evaluateModels` for purchases and, with amounts, for spend.
 *
 * @interface
 */
export type HoldoutScore = z.infer<typeof HoldoutScoreSchema>;

export const ModelEvaluationSchema = z
  .object({
    model: z.string(),
    label: z.string(),
    /** 1 = recommended; by the choice metric, ties broken by BIC. */
    rank: z.int().check(z.minimum(1)),
    params,
    ...estimateCovariance,
    logLikelihood: finite,
    parameters: z.int(),
    aic: finite,
    bic: finite,
    converged: z.boolean(),
    /** Holdout purchases: aggregate, per customer, ranking. */
    purchases: HoldoutScoreSchema,
    /** Holdout spend (expected purchases × Gamma-Gamma expected spend), when the data carry amounts. */
    spend: z.nullable(HoldoutScoreSchema),
    /** Actual vs expected customers by calibration repeat count 0, 1, …, 6, 7+. */
    calibrationTable: z.array(z.object({ label: z.string(), actual: finite, expected: finite })),
    /** Mean actual vs predicted holdout purchases by calibration frequency (Fader, Hardie & Lee 2005, Figure 4). */
    holdoutTable: z.array(
      z.object({ label: z.string(), customers: finite, actual: finite, predicted: finite }),
    ),
    /** Expected cumulative repeat purchases on `tracking.times`. */
    expectedCumulative: z.array(finite),
    /** Expected repeat purchases between consecutive `tracking.times` (the first: up to times[0]). */
    expectedIncremental: z.array(finite),
    /** Per customer, in the order of the calibration summary: expected holdout purchases. */
    predictedHoldoutPurchases: z.custom<Float64Array>((v) => v instanceof Float64Array, {
      message: 'expected a Float64Array',
    }),
  })
  .check(squareCovariance);
/**
 * One model's entry in an `EvaluationResult`: its rank, calibration fit (parameters, log-likelihood, AIC, BIC),
 * holdout scores for purchases and spend, the calibration and holdout tables (Fader, Hardie & Lee 2005,
 * Figure 4) and its tracking curve.
 *
 * @interface
 */
export type ModelEvaluation = z.infer<typeof ModelEvaluationSchema>;

export const EvaluationResultSchema = z.object({
  timeUnit: z.string(),
  calibrationEnd: z.string(),
  observationEnd: z.string(),
  /** Holdout length in the time unit. */
  holdoutLength: finite,
  customers: z.int(),
  /** Customers first seen after calibrationEnd (not in the cohort, not scored). */
  customersLeftOut: z.int(),
  rows: z.nullable(z.object({ read: z.int(), used: z.int(), rejected: z.int() })),
  /** The metric the ranking and the choice use. */
  choiceMetric: z.string(),
  /** Models ranked (rank 1 first). */
  models: z.array(ModelEvaluationSchema),
  /** Models that could not be fitted, and why. */
  failures: z.array(z.object({ model: z.string(), reason: z.string() })),
  recommended: z.object({
    model: z.string(),
    /** Why: the rule and the figures it compared. */
    reason: z.string(),
    /** The recommended model refitted on all the data to observationEnd, for forward predictions (null: see reason). */
    refit: z.nullable(
      z
        .object({
          model: z.string(),
          params,
          ...estimateCovariance,
          logLikelihood: finite,
          customers: finite,
          timeUnit: z.string(),
        })
        .check(squareCovariance),
    ),
  }),
  /** The Gamma-Gamma spend fit on the calibration repeat customers (null without amounts). */
  spendModel: z.nullable(
    z
      .object({
        model: z.string(),
        params,
        ...estimateCovariance,
        logLikelihood: finite,
        customers: finite,
        aic: finite,
        bic: finite,
      })
      .check(squareCovariance),
  ),
  /** Likelihood-ratio tests between nested models that were both fitted (see NESTED_MODEL_PAIRS). */
  likelihoodRatioTests: z.array(
    z.object({
      restricted: z.string(),
      full: z.string(),
      statistic: finite,
      degreesOfFreedom: z.int(),
      pValue: finite,
    }),
  ),
  tracking: z.object({
    times: z.array(finite),
    dates: z.array(z.string()),
    calibrationEndTime: finite,
    actualCumulative: z.array(z.nullable(finite)),
    actualIncremental: z.array(z.nullable(finite)),
  }),
  /** Everything the evaluation decided on its own (models left out, refit not possible, …): never silent. */
  notes: z.array(z.string()),
});
/**
 * The result of `evaluateModels`: every model fitted on the calibration period and scored on the holdout,
 * ranked by the choice metric, the recommended model (refitted on all the data) and why, the Gamma-Gamma
 * spend fit, likelihood-ratio tests between nested models, the tracking curve and every note the evaluation
 * made on its own.
 *
 * @interface
 */
export type EvaluationResult = z.infer<typeof EvaluationResultSchema>;
