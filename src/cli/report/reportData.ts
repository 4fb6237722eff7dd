import {
  ClvFitError,
  type CohortRetention,
  clvToCacRatio,
  compareHoldout,
  Decimal,
  type EvaluationResult,
  expectedRepeatCountDistribution,
  type FitLike,
  type FitOptions,
  fitGammaGamma,
  type HoldoutComparison,
  observedRepeatCountDistribution,
  paretoCurve,
  predictCustomerLifetimeValue,
  probabilityAlive,
  repeatSpenders,
  rfmScores,
  rfmSegments,
  type SegmentSummaryRow,
  type SummaryResult,
  segmentSummary,
  type TimeUnit,
  toDecimal,
} from '../../index.js';
import { betaGeoModel } from '../../models/betaGeo.js';
import { fitSpec } from '../../models/fit/fitSpec.js';
import type { LifetimeValueInput } from '../../models/lifetimeValue.js';
import type { ModelId } from '../../models/model.js';
import { findModel, MODELS } from '../../models/registry.js';
import type { AliveMatrix } from '../../report/svg/aliveMatrix.js';
import type { Histogram } from '../../report/svg/histogram.js';
import { niceStep } from '../../report/svg/ticks.js';
import { DAYS_PER_UNIT } from '../../transactions/calendar.js';
import { fitDrawsWithBootstrap } from '../../uncertainty/fitDrawsWithBootstrap.js';
import type { MoneyTotal } from '../../uncertainty/index.js';
import { drawParameters } from '../../uncertainty/libraryVerbs.js';
import type { FitWithCovariance } from '../../uncertainty/parameterDraws.js';
import { predictiveLifetimeValueOfFits, spendDrawSeed } from '../../uncertainty/predictiveLifetimeValue.js';
import { DEFAULT_CURRENCY } from './format.js';

/**
 * The report's data, assembled in one pure step (no I/O) from core functions only: RFM segments
 * (`rfmScores`, `rfmSegments`, `segmentSummary`), the transaction and spend models (`fitBetaGeo` or
 * `fitParetoNbd`, `fitGammaGamma`), `probabilityAlive`, `predictCustomerLifetimeValue`, `paretoCurve`,
 * `observed`/`expectedRepeatCountDistribution`, `compareHoldout`, `cohortRetention` and, for the 90 % intervals,
 * `predictiveLifetimeValueOfFits` (docs/intervals.md). The one thing done here is binning for display (the CLV
 * histogram, the P(alive) grid's axes).
 */
export interface ReportData {
  readonly customers: number;
  readonly revenue: Decimal;
  readonly averageClv: Decimal;
  readonly clvToCac: Decimal | undefined;
  readonly cac: Decimal | undefined;
  readonly timeUnit: TimeUnit;
  readonly horizon: number;
  readonly discountRate: number;
  /** The profit margin applied to CLV, when one was given. */
  readonly margin: number | undefined;
  /** ISO 4217 code the page writes money in (default USD); amounts are as they are in the data. */
  readonly currency: string;
  /** The transaction model the figures of the page come from (fitted on `summary`'s customers). */
  readonly model: ReportFit;
  readonly spendModel: ReportFit;
  /** Repeat customers left out of the Gamma-Gamma fit because their average repeat spend is 0. */
  readonly spendFitExcluded: number;
  readonly segments: SegmentSummaryRow[];
  /** Predicted CLV per segment ('revenue' is the segment's total predicted CLV). */
  readonly clvBySegment: SegmentSummaryRow[];
  /** Per customer, in summary order. */
  readonly ids: readonly (string | number)[];
  /** Predicted CLV per customer (float64 as computed; print with `moneyText` or the page's `money`). */
  readonly clvValues: Float64Array;
  readonly pAlive: Float64Array;
  readonly expectedPurchases: Float64Array;
  readonly segmentOf: readonly string[];
  /** Predicted CLV per customer in at most 20 bins of a round width up to the 99th percentile (the top 1% in the last bin). */
  readonly clvHistogram: Histogram;
  /** Share of revenue of the top x of customers by spend, x = 5%, 10%, …, 100%. */
  readonly paretoCurve: readonly { readonly fraction: number; readonly share: number }[];
  readonly topFifthShare: Decimal;
  /**
   * P(alive) over a grid of frequency × recency at the longest T: recency in round steps (`niceStep`), null
   * where no customer can be (no repeat purchase but a recency, or more repeat days than the recency holds).
   */
  readonly aliveGrid: AliveMatrix;
  /** Customers per repeat count 0…7+: observed and as the model expects. */
  readonly repeatCounts: { readonly observed: Float64Array; readonly expected: Float64Array };
  readonly holdout: HoldoutComparison | undefined;
  readonly cohorts: CohortRetention | undefined;
  readonly summary: SummaryResult;
  /** The holdout evaluation of every model (when the log was split): the page's first part. */
  readonly evaluation: EvaluationResult | undefined;
  /** What the page says about the model: chosen by the evaluation ('auto') or named by the user. */
  readonly modelChoice: 'auto' | 'given';
  /** The 90 % intervals of the base's revenue and equity over the horizon, and each customer's CLV range. */
  readonly intervals: ReportIntervals;
}

/**
 * The page's intervals, from one `predictiveLifetimeValueOfFits` run (the recipe of `clvkit predict --interval`:
 * each fit's parameter draws when it carries a covariance) over the report's customers, horizon, discount rate
 * and margin: the central `level` interval (5 % and 95 % quantiles of the draws for 90 %).
 */
export interface ReportIntervals {
  /** Central coverage of every interval on the page (0.9). */
  readonly level: number;
  /** Monte-Carlo draws per customer and of the totals. */
  readonly draws: number;
  readonly seed: number;
  /** Whether the transaction fit's and the spend fit's parameter uncertainty is in (each fit with a covariance). */
  readonly parameterUncertainty: { readonly transaction: boolean; readonly spend: boolean };
  /**
   * Whether the transaction fit's parameter draws are a bootstrap over the customers (`intervalBootstrap`, taken
   * when its covariance gives no draws: not positive definite).
   */
  readonly transactionBootstrap: boolean;
  /** The same for the spend fit, over the repeat spenders (never taken for the page's own Gamma-Gamma fit). */
  readonly spendBootstrap: boolean;
  /** The base's revenue over the horizon (undiscounted, before the margin): mean, quantiles [low, high]. */
  readonly revenue: MoneyTotal;
  /**
   * Customer equity of today's customers: Σ of their discounted CLV draws (the first term of `customerEquity`;
   * no future cohorts), mean and quantiles [low, high].
   */
  readonly equity: MoneyTotal;
  /** Per customer, in summary order: the low and high ends of the CLV's central interval. */
  readonly clvLow: Float64Array;
  readonly clvHigh: Float64Array;
  /** Distinct customers (same frequency, recency, age and mean spend), each drawn as one: they share one range. */
  readonly distinctCustomers: number;
}

/** Draws of the report's intervals (modest, so the page stays quick) and their seed. */
export const REPORT_INTERVAL_DRAWS = 200;
export const REPORT_INTERVAL_SEED = 1;
/** The report's interval level: central 90 %. */
export const REPORT_INTERVAL_LEVEL = 0.9;

/** A fitted model as the page shows it: id, label, parameters and log-likelihood. */
export interface ReportFit extends FitLike {
  readonly label: string;
  readonly params: Readonly<Record<string, number>>;
  readonly logLikelihood: number;
}

export interface ReportInput {
  readonly summary: SummaryResult;
  /** Acquisition cohorts for the cohort table (optional; `SummaryResult.cohortRetention`). */
  readonly cohorts?: CohortRetention;
  readonly timeUnit: TimeUnit;
  /** The transaction model (a continuous-time model id; default 'betaGeo'). */
  readonly model?: ModelId;
  /** Months ahead (default 12). */
  readonly horizon?: number;
  /** Per month (default 0.01). */
  readonly discountRate?: number;
  readonly cac?: string | number;
  /** Profit margin on spend (default: none, revenue CLV). */
  readonly margin?: number;
  /** ISO 4217 code the page writes money in (default 'USD'). */
  readonly currency?: string;
  /** Options for each fit, by model label (e.g. a progress callback, `FitOptions.onEvaluation`). */
  readonly fitOptions?: (label: string) => FitOptions;
  /**
   * The holdout evaluation (`evaluateModels` on the calibration split of the same log). `summary` is then
   * all the data, without a split: every figure of "where the business stands now" comes from it.
   */
  readonly evaluation?: EvaluationResult;
  /**
   * A transaction model already fitted on `summary` (e.g. the evaluation's choice refitted on all data,
   * `recommended.refit`). The intervals draw its parameters when it carries its covariance (`paramNames`,
   * `covariance`, as a fit and the evaluation's refit do); without one, its parameters are taken as known.
   */
  readonly fit?: ReportFit;
  /** Monte-Carlo draws of the intervals (default `REPORT_INTERVAL_DRAWS`, 200) and their seed (default 1). */
  readonly intervalDraws?: number;
  readonly intervalSeed?: number;
  /**
   * When the transaction fit's covariance gives no parameter draws (not positive definite): draw them by a
   * bootstrap over the customers (`drawParameters` with `bootstrapCustomers`) instead of taking them as known.
   */
  readonly intervalBootstrap?: boolean;
}

const GRID = 24;

/**
 * Runs the whole analysis on a transaction summary: RFM segments and their revenue, a BG/NBD (or Pareto/NBD)
 * and Gamma-Gamma fit, P(alive), expected purchases and CLV per customer (CLV as in
 * `predictCustomerLifetimeValue`: expected purchases per month × expected spend, discounted), the Pareto
 * curve, the model's fit to the repeat counts, the holdout comparison when the summary has a calibration
 * split, and the acquisition cohorts when given. Average CLV = ΣCLV / customers;
 * CLV:CAC = average CLV / CAC (`clvToCacRatio`). The 90 % intervals of the base's revenue and equity over the
 * horizon and of each customer's CLV come from one Monte-Carlo run (200 draws, seed 1 unless given).
 *
 * @example
 * const data = buildReportData({ summary: summarizeTransactions(orders, { timeUnit: 'week' }), timeUnit: 'week' });
 * data.averageClv.toFixed(2); data.segments[0].segment; // 'Champions'
 */
export function buildReportData(input: ReportInput): ReportData {
  const { summary, timeUnit } = input;
  const horizon = input.horizon ?? 12;
  const discountRate = input.discountRate ?? 0.01;
  // Columns throughout: a million customers never become row objects or Decimals here.
  const cols = summary.columns;
  const rfm = summary.rfmColumns;
  const n = cols.frequency.length;
  const customers = { frequency: cols.frequency, recency: cols.recency, T: cols.T };
  const scores = rfmScores(rfm);
  const segmentOf = rfmSegments(scores);
  const segments = segmentSummary(rfm, segmentOf);
  const revenue = summary.revenue;
  const fitOptions = input.fitOptions ?? (() => ({}));
  const spec = findModel(input.fit?.model ?? input.model ?? 'betaGeo') ?? betaGeoModel;
  const model: ReportFit =
    input.fit ?? fitSpec(spec, { ...customers, timeUnit }, 'report', fitOptions(spec.label));
  // Repeat customers whose repeat orders were all free (CDNOW's master log has $0 orders) cannot enter the
  // Gamma-Gamma fit; the core picks the others and counts them.
  const spenders = repeatSpenders(cols);
  const spendFitExcluded = spenders.withoutSpend;
  const spendModel = fitGammaGamma(spenders, fitOptions('Gamma-Gamma'));
  // One question, asked twice: each customer's CLV, then the interval around it.
  const valueInput = {
    transactionModel: model,
    spendModel,
    customers: { ...customers, monetaryValue: cols.monetaryValue },
    horizon,
    discountRate,
    timeUnit,
    ...(input.margin === undefined ? {} : { margin: input.margin }),
  };
  const value = predictCustomerLifetimeValue(valueInput);
  const intervals = reportIntervals(
    valueInput,
    input.intervalDraws ?? REPORT_INTERVAL_DRAWS,
    input.intervalSeed ?? REPORT_INTERVAL_SEED,
    input.intervalBootstrap === true,
  );
  // Predicted CLV per segment; the segments' totals add up to the exact total CLV.
  const clvBySegment = segmentSummary({ totalSpend: value.values }, segmentOf);
  const averageClv = clvBySegment.reduce((sum, s) => sum.add(s.revenue), new Decimal(0)).div(Math.max(1, n));
  const cac = input.cac === undefined ? undefined : toDecimal(input.cac);
  const spend = rfm.totalSpend;
  // One ranking of the customers for the whole curve (5%, 10%, …, 100%); the 20% point is the headline share.
  const curve = paretoCurve(spend);
  const paretoPoints = curve.map((p) => ({ fraction: p.fraction.toNumber(), share: p.share.toNumber() }));
  const topFifthShare = (curve[3] as { share: Decimal }).share;
  const maxT = cols.T.reduce((m, t) => Math.max(m, t), 0);
  const maxF = Math.max(
    1,
    Math.min(
      GRID,
      cols.frequency.reduce((m, f) => Math.max(m, f), 0),
    ),
  );
  const frequencies = Array.from({ length: maxF + 1 }, (_, f) => f);
  // Recency in round steps (0, 5, 10 … weeks) up to the age T, at most GRID + 1 columns.
  const step = maxT > 0 ? niceStep(maxT / GRID) : 1;
  const recencies = Array.from({ length: Math.floor(maxT / step + 1e-9) + 1 }, (_, k) =>
    Number((k * step).toPrecision(12)),
  );
  // Occasions are distinct days: x repeat purchases need a recency of at least x days.
  const days = DAYS_PER_UNIT[timeUnit];
  const possible = (f: number, r: number) => (f === 0 ? r === 0 : r * days >= f - 1e-9);
  const values = frequencies.map((f) => {
    const grid = {
      frequency: recencies.map(() => f),
      recency: recencies.map((r) => (possible(f, r) ? r : 0)),
      T: recencies.map(() => maxT),
    };
    const p = probabilityAlive(model, grid);
    return recencies.map((r, k) => (possible(f, r) ? (p[k] as number) : null));
  });
  let holdout: HoldoutComparison | undefined;
  if (cols.frequencyHoldout && summary.calibrationEnd) {
    const holdoutLength = n > 0 ? (summary.customerAt(0).durationHoldout ?? 0) : 0;
    if (holdoutLength > 0)
      holdout = compareHoldout({
        fit: model,
        customers,
        holdoutPurchases: cols.frequencyHoldout,
        holdoutLength,
      });
  }
  return {
    customers: n,
    revenue,
    averageClv,
    clvToCac: cac && !cac.isZero() ? clvToCacRatio(averageClv, cac) : undefined,
    cac,
    timeUnit,
    horizon,
    discountRate,
    margin: input.margin,
    currency: input.currency ?? DEFAULT_CURRENCY,
    model,
    spendModel,
    spendFitExcluded,
    segments,
    clvBySegment,
    ids: cols.customerId,
    clvValues: value.values,
    pAlive: probabilityAlive(model, customers),
    expectedPurchases: value.expectedPurchases,
    segmentOf,
    clvHistogram: binForDisplay(value.values, 20, 0.99),
    paretoCurve: paretoPoints,
    topFifthShare,
    aliveGrid: { frequencies, recencies, values, T: maxT, timeUnit },
    repeatCounts: {
      observed: observedRepeatCountDistribution(customers),
      expected: expectedRepeatCountDistribution(model, customers),
    },
    holdout,
    cohorts: input.cohorts,
    summary,
    evaluation: input.evaluation,
    modelChoice: input.fit === undefined ? 'given' : 'auto',
    intervals,
  };
}

/**
 * A fit as the intervals use it: without its covariance when no parameter draws can be made from it (`drawParameters`
 * throws `ClvFitError` for a covariance that is not positive definite, or a draw outside (0, ∞)), so a page is never
 * refused for it; the page then says the parameters were taken as known.
 */
function drawable<F extends FitLike>(fit: F, draws: number, seed: number): F {
  const withCov = fit as unknown as FitWithCovariance;
  if (withCov.covariance === undefined) return fit;
  try {
    drawParameters(withCov, { draws, seed });
    return fit;
  } catch (error) {
    if (!(error instanceof ClvFitError)) throw error;
    const { covariance: _dropped, ...rest } = withCov;
    return rest as unknown as F;
  }
}

/**
 * The report's 90 % intervals: one Monte-Carlo run of `predictiveLifetimeValueOfFits` (process noise, the
 * Gamma-Gamma posterior of each customer's spend and the fits' parameter draws; docs/intervals.md) giving
 * each customer's CLV range and the joint-draw sums of the whole base: revenue over the horizon and equity
 * (Σ discounted CLV of today's customers). Identical customers share one summary.
 */
function reportIntervals(
  input: Parameters<typeof predictCustomerLifetimeValue>[0],
  draws: number,
  seed: number,
  bootstrapFallback: boolean,
): ReportIntervals {
  const tail = (1 - REPORT_INTERVAL_LEVEL) / 2;
  // With the fallback, a fit whose covariance gives no draws is bootstrapped (the library's recipe, as `clvkit
  // predict --bootstrap-fallback`); without it, such a fit is taken as known (`drawable`).
  const { transactionDraws, spendDraws } = bootstrapFallback
    ? fitDrawsWithBootstrap(input as LifetimeValueInput, { draws, seed })
    : {};
  const fits = {
    ...input,
    transactionModel:
      transactionDraws === undefined ? drawable(input.transactionModel, draws, seed) : input.transactionModel,
    spendModel:
      spendDraws === undefined ? drawable(input.spendModel, draws, spendDrawSeed(seed)) : input.spendModel,
  };
  const v = predictiveLifetimeValueOfFits(MODELS, fits, {
    draws,
    seed,
    quantiles: [tail, 1 - tail],
    ...(transactionDraws === undefined ? {} : { transactionDraws }),
    ...(spendDraws === undefined ? {} : { spendDraws }),
  });
  const total = v.totals[0] as (typeof v.totals)[number];
  const c = fits.customers as {
    frequency: Float64Array;
    recency: Float64Array;
    T: Float64Array;
    monetaryValue: Float64Array;
  };
  const keys = new Set<string>();
  for (let i = 0; i < c.frequency.length; i++)
    keys.add(`${c.frequency[i]},${c.recency[i]},${c.T[i]},${c.frequency[i] === 0 ? 0 : c.monetaryValue[i]}`);
  const covariant = (f: unknown) => (f as { covariance?: unknown }).covariance !== undefined;
  return {
    level: REPORT_INTERVAL_LEVEL,
    draws,
    seed,
    parameterUncertainty: {
      transaction: transactionDraws !== undefined || covariant(fits.transactionModel),
      spend: spendDraws !== undefined || covariant(fits.spendModel),
    },
    transactionBootstrap: transactionDraws !== undefined,
    spendBootstrap: spendDraws !== undefined,
    revenue: total.revenue,
    equity: total.clv,
    clvLow: v.clv.quantiles[0] as Float64Array,
    clvHigh: v.clv.quantiles[1] as Float64Array,
    distinctCustomers: keys.size,
  };
}

/**
 * Bins from 0 of a round width (1, 2, 2.5 or 5 × 10^k: `niceStep`), at most `bins` of them up to the `quantile`
 * of the values (display only); values above go to the last bin.
 */
function binForDisplay(values: Float64Array, bins: number, quantile: number): Histogram {
  const sorted = Float64Array.from(values).sort();
  const cap = sorted[Math.floor(quantile * (sorted.length - 1))] ?? 0;
  const width = cap > 0 ? niceStep(cap / bins) : 1;
  const n = Math.max(1, Math.min(bins, Math.ceil(cap / width)));
  const counts = new Array<number>(n).fill(0);
  for (const v of sorted) counts[Math.max(0, Math.min(n - 1, Math.floor(v / width)))]! += 1;
  return { edges: Array.from({ length: n + 1 }, (_, i) => i * width), counts };
}
