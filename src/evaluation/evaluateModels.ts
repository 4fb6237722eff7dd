/**
 * `evaluateModels`: fit every applicable model on the calibration period, score each on the holdout, rank them
 * by a documented rule and refit the winner on all the data.
 */
import * as z from 'zod/mini';
import { ClvFitError, ClvValidationError, makeIssue } from '../errors.js';
import type { Fit } from '../models/fit/fitModel.js';
import { fitSpec } from '../models/fit/fitSpec.js';
import { LikelihoodEvaluatorSchema } from '../models/fit/likelihoodEvaluator.js';
import { compareHoldout } from '../models/holdout.js';
import type { ModelSpec } from '../models/model.js';
import {
  expectedPurchases,
  expectedRepeatCountDistribution,
  expectedSpend,
  observedRepeatCountDistribution,
} from '../models/predict.js';
import { findModel, modelsOf } from '../models/registry.js';
import { repeatSpenders } from '../models/repeatSpenders.js';
import { fieldSchema } from '../schemas/field.js';
import { parseInput } from '../schemas/parse.js';
import {
  calendarDateRule,
  formatDay,
  type Granularity,
  TIME_UNITS,
  type TimeUnit,
  TimeUnitField,
} from '../transactions/calendar.js';
import type { SummaryColumns, Transaction } from '../transactions/createSummarizer.js';
import { type DiscreteCustomers, discreteCustomers, holdoutPeriods } from './discreteCustomers.js';
import { type EvaluationData, evaluationData, type SplitSummary } from './evaluationData.js';
import { type EvaluationResult, EvaluationResultSchema, type ModelEvaluation } from './evaluationResult.js';
import { actualSide, holdoutScore } from './holdoutScore.js';
import { likelihoodRatioTest } from './informationCriteria.js';
import { type ChoiceMetric, choiceMetricRule, DEFAULT_CHOICE_METRIC, rankModels } from './modelChoice.js';
import { NESTED_MODEL_PAIRS } from './nesting.js';
import { expectedTracking, MAX_TRACKING_STEPS, trackingGrid, trackingStep } from './tracking.js';

/**
 * The kinds of model `evaluateModels` scores: continuous-time transaction models, discrete-time ones (BG/BB, on
 * discrete data only) and the spend model.
 */
const EVALUATED = ['continuous', 'discrete', 'spend'] as const;
/** Customers with this many or more calibration purchases share the last row of the tables. */
const TABLE_ROWS = 7;

const DayField = fieldSchema<number, string | Date>(calendarDateRule);

const EvaluateOptionsSchema = z.strictObject({
  /** Last day of the calibration period (required for an order log; a summary has its own). */
  calibrationEnd: z.optional(DayField),
  /** Last day of the holdout (default: the log's last date; a summary has its own). */
  observationEnd: z.optional(DayField),
  /** Model ids or aliases (default: every continuous-time model, and Gamma-Gamma when amounts exist). */
  models: z.optional(z.array(z.string()).check(z.minLength(1))),
  /** Unit of recency, T and the holdout length for an order log (default: the summarizer's, 'day'). */
  timeUnit: z.optional(TimeUnitField),
  /**
   * Purchase occasions per day (default) or per calendar period. Equal to a `timeUnit` of week or coarser, the
   * data are discrete (at most one purchase per period) and the discrete models (BG/BB) are evaluated too. A log
   * is summarized at it; a summary input declares with it how it was made.
   */
  granularity: z.optional(z.enum(TIME_UNITS as unknown as [TimeUnit, ...TimeUnit[]])),
  /** The metric models are ranked by (default 'mae'); see `rankModels`. */
  choiceMetric: z.optional(fieldSchema<ChoiceMetric, ChoiceMetric>(choiceMetricRule)),
  /** Bad rows of an order log: 'throw' (default) or 'collect' (counted in `rows`). */
  onBadRow: z.optional(z.enum(['throw', 'collect'])),
  /**
   * How each fit evaluates its log-likelihood (`FitOptions.evaluator`; default in place): e.g. clvkit/node's
   * `fitThreads()` for both cores on large data.
   */
  evaluator: z.optional(LikelihoodEvaluatorSchema),
  /** With a summary input: the summary of all the data to observationEnd, without a split, for the refit. */
  allData: z.optional(
    z.custom<SplitSummary>((v) => typeof v === 'object' && v !== null && 'columns' in v, {
      message: 'expected a summary (summarizeTransactions without calibrationEnd)',
    }),
  ),
});

/**
 * Options of `evaluateModels`: the calibration and observation ends, the models to compare, the time unit,
 * the metric the ranking uses, and what to do with bad rows.
 *
 * @interface
 */
export type EvaluateOptions = z.input<typeof EvaluateOptionsSchema>;

/** What `evaluateModels` takes: an order log, or a summary with a calibration split. */
export type EvaluationInput = readonly Transaction[] | SplitSummary;

function resolveModels(names: readonly string[] | undefined, data: EvaluationData, where: string) {
  const notes: string[] = [];
  if (names === undefined) {
    const specs = [
      ...modelsOf('continuous'),
      ...(data.discretePeriod === undefined ? [] : modelsOf('discrete')),
      ...(data.hasAmounts ? modelsOf('spend') : []),
    ];
    if (!data.hasAmounts)
      notes.push('no amounts in the data: the spend model (Gamma-Gamma) and spend figures are left out');
    return { specs, notes };
  }
  const specs: ModelSpec[] = [];
  const issues = [];
  for (const [i, name] of names.entries()) {
    const spec = findModel(name);
    if (spec === undefined || !(EVALUATED as readonly string[]).includes(spec.dataKind))
      issues.push(
        makeIssue(
          `options.models[${i}]`,
          `one of ${modelsOf(...EVALUATED)
            .map((m) => m.model)
            .join(', ')} (the contractual sBG is not evaluated: its data is a survivor curve)`,
          name,
        ),
      );
    else if (spec.dataKind === 'discrete' && data.discretePeriod === undefined)
      issues.push(
        makeIssue(
          `options.models[${i}]`,
          `a model for these data: ${spec.label} needs discrete data (options.granularity = timeUnit, week or coarser)`,
          name,
        ),
      );
    else if (spec.dataKind === 'spend' && !data.hasAmounts)
      issues.push(makeIssue(`options.models[${i}]`, 'a transaction model: the data have no amounts', name));
    else if (!specs.includes(spec)) specs.push(spec);
  }
  if (issues.length === 0 && !specs.some((s) => s.dataKind !== 'spend'))
    issues.push(makeIssue('options.models', 'at least one transaction model (e.g. betaGeo)', names));
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return { specs, notes };
}

/**
 * A fit's estimate with its covariance, as the result keeps it (the names and shape of `Fit`): what
 * `drawParameters` needs, so no consumer refits from the estimate to get it back.
 */
function estimateOf(fit: Fit) {
  return {
    params: { ...fit.params },
    paramNames: [...fit.paramNames],
    covariance: fit.covariance.map((row) => [...row]),
  };
}

function customersOf(c: SummaryColumns) {
  return { frequency: c.frequency, recency: c.recency, T: c.T, timeUnit: c.timeUnit };
}

/**
 * Evaluates BTYD models on a calibration/holdout split and recommends one.
 *
 * 1. Split: an order log is summarized with `calibrationEnd` (and again to `observationEnd` without a split, for
 *    the refit); a summary must already have the split. Customers first seen after calibrationEnd are not scored.
 * 2. Fit every model (default: BG/NBD, MBG/NBD, Pareto/NBD; BG/BB when the data are discrete — `granularity`
 *    = `timeUnit`, week or coarser — on the customers in calendar periods, `discretePeriods`; and Gamma-Gamma
 *    when amounts exist) on the calibration customers through the registry (`fitSpec`); a fit that fails is
 *    listed in `failures`. Each fit is kept with its covariance (`paramNames`, `covariance`: the names and shape
 *    of `Fit`), so parameter draws (`drawParameters`) need no refit; the spend fit and the refit too. BG/BB
 *    with no customer before the calibration end's period (no opportunity to buy: nothing to fit) is listed
 *    there too.
 * 3. Score each on the holdout (length t* = observationEnd − calibrationEnd in the unit): expected purchases
 *    E[Y(t*) | x, t_x, T] against actual holdout occasions — totals and bias Σp/Σa − 1, MAE, RMSE, MSLE,
 *    Spearman's ρ, normalized Gini, top-decile capture, deciles; with amounts, holdout spend predicted as
 *    E[Y(t*)] × E[Z | x, m̄] (Gamma-Gamma) against actual holdout spend; fit figures (ln L, AIC, BIC; LR tests
 *    between nested models — none of the library's models nest, see `NESTED_MODEL_PAIRS`); the calibration
 *    table by repeat count (FHL 2005 Fig. 2), the holdout table by calibration frequency (Fig. 4) and the
 *    tracking curve (Fig. 3, the verb `expectedCumulativePurchases`).
 * 4. Rank by `choiceMetric` (default holdout MAE; lower is better, ties by lower BIC: `rankModels`), say why,
 *    and refit the winner on all the data.
 *
 * Sources: Fader, Hardie & Lee (2005), Marketing Science 24(2); Platzer & Reutterer (2016) and BTYDplus's demo
 * (MAE, MSLE, bias); Wang, Liu & Miao (2019) (Gini, deciles); CLVTools (LR test).
 *
 * @example
 * const r = evaluateModels(orders, { calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', timeUnit: 'week' });
 * r.recommended.model; r.recommended.reason; r.models[0].purchases.mae
 */
export function evaluateModels(input: EvaluationInput, options: EvaluateOptions): EvaluationResult {
  const where = 'evaluateModels';
  const o = parseInput(EvaluateOptionsSchema, options, where);
  const day = (d: number | undefined) => (d === undefined ? undefined : formatDay(d));
  const data = evaluationData(
    input,
    {
      calibrationEnd: day(o.calibrationEnd),
      observationEnd: day(o.observationEnd),
      timeUnit: o.timeUnit as TimeUnit | undefined,
      onBadRow: o.onBadRow,
      allData: o.allData,
      granularity: o.granularity as Granularity | undefined,
    },
    where,
  );
  const metric = o.choiceMetric ?? DEFAULT_CHOICE_METRIC;
  const fitOptions = o.evaluator === undefined ? {} : { evaluator: o.evaluator };
  const { specs, notes } = resolveModels(o.models, data, where);
  const customers = customersOf(data.calibration);
  const failures: { model: string; reason: string }[] = [];
  const attempt = <T>(model: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof ClvFitError)) throw e;
      failures.push({ model, reason: e.message });
      return undefined;
    }
  };

  const spendSpec = specs.find((s) => s.dataKind === 'spend');
  let spendModel: EvaluationResult['spendModel'] = null;
  let expectedSpendPerPurchase: Float64Array | undefined;
  if (spendSpec !== undefined) {
    const spenders = repeatSpenders(data.calibration);
    if (spenders.withoutSpend > 0)
      notes.push(
        `${spenders.withoutSpend} repeat customer(s) with no repeat spend left out of the Gamma-Gamma fit`,
      );
    const fit = attempt(spendSpec.model, () => fitSpec(spendSpec, spenders, where, fitOptions));
    if (fit !== undefined) {
      spendModel = {
        model: fit.model,
        ...estimateOf(fit),
        logLikelihood: fit.logLikelihood,
        customers: fit.n,
        aic: fit.aic,
        bic: fit.bic,
      };
      expectedSpendPerPurchase = expectedSpend(fit, {
        frequency: data.calibration.frequency,
        monetaryValue: data.calibration.monetaryValue,
      });
    }
  }

  const grid = trackingGrid(data);
  const span = grid.times[grid.times.length - 1] ?? 0;
  if (trackingStep(span) > 1)
    notes.push(
      `tracking: the span of ${Math.floor(span)} ${data.timeUnit}s is drawn every ${trackingStep(span)} ${data.timeUnit}s (at most ${MAX_TRACKING_STEPS} steps), plus the calibration and observation ends`,
    );
  if (data.actualTracking === undefined)
    notes.push(
      `tracking: actual cumulative purchases are known only at the calibration and observation ends (${data.actualTrackingGap ?? 'the summary has no daily occasions'})`,
    );
  const observed = observedRepeatCountDistribution(customers, TABLE_ROWS);
  const label = (k: number) => (k === TABLE_ROWS ? `${k}+` : String(k));
  const actualPurchases = actualSide(data.holdoutPurchases);
  const actualSpend = expectedSpendPerPurchase === undefined ? undefined : actualSide(data.holdoutSpend);
  const evaluated: (Omit<ModelEvaluation, 'rank'> & { spec: ModelSpec })[] = [];
  // Discrete models see the customers in calendar periods, and the holdout in whole periods.
  let periods: DiscreteCustomers | undefined;
  const period = data.discretePeriod;
  for (const spec of specs) {
    if (spec.dataKind === 'spend') continue;
    const discrete = spec.dataKind === 'discrete' && period !== undefined;
    if (discrete) periods ??= discreteCustomers(data.calibration, period, data.calibrationEndDay);
    if (discrete && (periods as DiscreteCustomers).fitted.frequency.length === 0) {
      // Listed like a fit that fails: the other models are still evaluated.
      failures.push({
        model: spec.model,
        reason: `${spec.model}: not fitted — no customer has an opportunity to buy: every first purchase is in the calibration end's ${period}`,
      });
      continue;
    }
    const own = discrete ? { ...(periods as DiscreteCustomers).all, timeUnit: data.timeUnit } : customers;
    const length = discrete
      ? holdoutPeriods(data.calibrationEndDay, data.observationEndDay, period)
      : data.holdoutLength;
    const fit = attempt(spec.model, () =>
      fitSpec(
        spec,
        discrete ? { ...(periods as DiscreteCustomers).fitted, timeUnit: data.timeUnit } : customers,
        where,
        fitOptions,
      ),
    );
    if (fit === undefined) continue;
    const predicted = expectedPurchases(fit, length, own);
    const expectedCounts = expectedRepeatCountDistribution(fit, own, TABLE_ROWS);
    const holdout = compareHoldout({
      fit,
      customers: own,
      holdoutPurchases: data.holdoutPurchases,
      holdoutLength: length,
      maxFrequency: TABLE_ROWS,
    });
    const tracking = expectedTracking(fit, data, grid);
    evaluated.push({
      spec,
      model: fit.model,
      label: fit.label,
      ...estimateOf(fit),
      logLikelihood: fit.logLikelihood,
      parameters: fit.paramNames.length,
      aic: fit.aic,
      bic: fit.bic,
      converged: fit.converged,
      purchases: holdoutScore(actualPurchases, predicted, true),
      spend:
        expectedSpendPerPurchase === undefined || actualSpend === undefined
          ? null
          : holdoutScore(
              actualSpend,
              predicted.map((p, i) => p * (expectedSpendPerPurchase[i] as number)),
              false,
            ),
      calibrationTable: Array.from(observed, (actual, k) => ({
        label: label(k),
        actual,
        expected: expectedCounts[k] as number,
      })),
      holdoutTable: holdout.rows.map((r) => ({
        label: r.label,
        customers: r.customers,
        actual: r.actual,
        predicted: r.predicted,
      })),
      expectedCumulative: tracking.cumulative,
      expectedIncremental: tracking.incremental,
      predictedHoldoutPurchases: predicted,
    });
  }
  if (evaluated.length === 0) {
    // Every failure, so a model that was not fitted for lack of data (BG/BB) is named with the fits that failed.
    const listed = failures.map((f) => `${f.model}: ${f.reason}`).join('; ');
    throw new ClvFitError({
      model: specs.map((s) => s.model).join(', '),
      reason: `no transaction model could be fitted on the calibration data${listed ? ` (${listed})` : ''}`,
    });
  }
  if (period !== undefined)
    notes.push(
      evaluated.some((m) => m.spec.dataKind === 'discrete') &&
        evaluated.some((m) => m.spec.dataKind === 'continuous')
        ? `discrete data (at most one purchase per ${period}): purchases are ${period}s with a purchase; BG/BB is fitted on calendar ${period}s (its ln L, AIC and BIC are of other data than the continuous models', so rank by a holdout metric)`
        : `discrete data (at most one purchase per ${period}): purchases are ${period}s with a purchase`,
    );
  if (data.holdoutPurchases.every((v) => v === 0))
    notes.push('no purchases in the holdout: bias, Gini and top-decile capture are not defined');

  const { ranked, reason } = rankModels(evaluated, metric);
  const best = ranked[0] as (typeof ranked)[number];
  let refit: EvaluationResult['recommended']['refit'] = null;
  if (data.allData === undefined)
    notes.push(
      'the input was a summary without options.allData: the recommended model is not refitted on all data',
    );
  else {
    const all =
      best.spec.dataKind === 'discrete' && period !== undefined
        ? {
            ...discreteCustomers(data.allData, period, data.observationEndDay).fitted,
            timeUnit: data.timeUnit,
          }
        : customersOf(data.allData);
    const fit = attempt(best.model, () =>
      fitSpec(best.spec, all, `${where} (refit on all data)`, fitOptions),
    );
    if (fit !== undefined)
      refit = {
        model: fit.model,
        ...estimateOf(fit),
        logLikelihood: fit.logLikelihood,
        customers: fit.n,
        timeUnit: fit.timeUnit ?? data.timeUnit,
      };
    else notes.push(`the refit of ${best.model} on all data failed (see failures)`);
  }

  const likelihoodRatioTests = NESTED_MODEL_PAIRS.flatMap((pair) => {
    const r = evaluated.find((m) => m.model === pair.restricted);
    const f = evaluated.find((m) => m.model === pair.full);
    if (r === undefined || f === undefined) return [];
    return [
      { ...pair, ...likelihoodRatioTest(r.logLikelihood, r.parameters, f.logLikelihood, f.parameters) },
    ];
  });
  if (likelihoodRatioTests.length === 0)
    notes.push(
      'no likelihood-ratio test: none of the evaluated models is nested in another (BG/NBD, MBG/NBD and Pareto/NBD are non-nested); compare them by AIC/BIC and holdout error',
    );

  const result: EvaluationResult = {
    timeUnit: data.timeUnit,
    calibrationEnd: formatDay(data.calibrationEndDay),
    observationEnd: formatDay(data.observationEndDay),
    holdoutLength: data.holdoutLength,
    customers: data.calibration.frequency.length,
    customersLeftOut: data.customersLeftOut,
    rows: data.rows ?? null,
    choiceMetric: metric,
    models: ranked.map(({ spec: _spec, ...m }, i) => ({ ...m, rank: i + 1 })),
    failures,
    recommended: { model: best.model, reason, refit },
    spendModel,
    likelihoodRatioTests,
    tracking: grid,
    notes,
  };
  return parseInput(EvaluationResultSchema, result, where);
}
