import {
  type CohortRetention,
  clvToCacRatio,
  cohortRetention,
  compareHoldout,
  type Decimal,
  expectedRepeatCountDistribution,
  type Fit,
  fitBetaGeo,
  fitGammaGamma,
  fitParetoNbd,
  type HoldoutComparison,
  observedRepeatCountDistribution,
  paretoShare,
  predictCustomerLifetimeValue,
  probabilityAlive,
  rfmScores,
  rfmSegments,
  type SegmentSummaryRow,
  type SummaryResult,
  segmentSummary,
  sumMoney,
  type TimeUnit,
  type Transaction,
  toDecimal,
} from '../../index.js';

/** What the report shows, every figure computed by the core: the adapter only arranges it. */
export interface StoreAnalysis {
  readonly customers: number;
  readonly revenue: Decimal;
  readonly averageClv: Decimal;
  readonly clvToCac: Decimal | undefined;
  readonly cac: Decimal | undefined;
  readonly timeUnit: TimeUnit;
  readonly horizon: number;
  readonly discountRate: number;
  readonly model: Fit;
  readonly spendModel: Fit;
  readonly segments: SegmentSummaryRow[];
  /** Predicted CLV per segment ('revenue' is the segment's total predicted CLV). */
  readonly clvBySegment: SegmentSummaryRow[];
  /** Per customer, in summary order. */
  readonly ids: readonly (string | number)[];
  readonly clv: readonly Decimal[];
  readonly clvValues: Float64Array;
  readonly pAlive: Float64Array;
  readonly expectedPurchases: Float64Array;
  readonly segmentOf: readonly string[];
  /** Share of revenue of the top x of customers by spend, x = 5%, 10%, …, 100%. */
  readonly paretoCurve: readonly { readonly fraction: number; readonly share: number }[];
  readonly topFifthShare: Decimal;
  /** P(alive) over a grid of frequency × recency at the longest T. */
  readonly aliveGrid: {
    readonly frequencies: number[];
    readonly recencies: number[];
    readonly values: number[][];
    readonly T: number;
  };
  /** Customers per repeat count 0…7+: observed and as the model expects. */
  readonly repeatCounts: { readonly observed: Float64Array; readonly expected: Float64Array };
  readonly holdout: HoldoutComparison | undefined;
  readonly cohorts: CohortRetention | undefined;
  readonly summary: SummaryResult;
}

export interface AnalyseInput {
  readonly summary: SummaryResult;
  /** The order log itself, for the cohort table (optional). */
  readonly transactions?: readonly Transaction[];
  readonly timeUnit: TimeUnit;
  readonly model?: 'bgnbd' | 'pnbd';
  /** Months ahead (default 12). */
  readonly horizon?: number;
  /** Per month (default 0.01). */
  readonly discountRate?: number;
  readonly cac?: string | number;
}

const GRID = 24;

/**
 * Runs the whole analysis on a transaction summary: RFM segments and their revenue, a BG/NBD (or Pareto/NBD)
 * and Gamma-Gamma fit, P(alive), expected purchases and CLV per customer, the Pareto curve, the model's fit
 * to the repeat counts, the holdout comparison when the summary has a calibration split, and cohorts.
 */
export function analyseStore(input: AnalyseInput): StoreAnalysis {
  const { summary, timeUnit } = input;
  const horizon = input.horizon ?? 12;
  const discountRate = input.discountRate ?? 0.01;
  const rows = summary.customers;
  const cols = summary.columns;
  const customers = { frequency: cols.frequency, recency: cols.recency, T: cols.T };
  const scores = rfmScores(rows);
  const segmentOf = rfmSegments(scores);
  const segments = segmentSummary(rows, segmentOf);
  const revenue = sumMoney(rows.map((r) => r.totalSpend));
  const model = input.model === 'pnbd' ? fitParetoNbd(customers) : fitBetaGeo(customers);
  const repeat: number[] = [];
  for (let i = 0; i < cols.frequency.length; i++) if ((cols.frequency[i] as number) > 0) repeat.push(i);
  const spendModel = fitGammaGamma({
    frequency: Float64Array.from(repeat, (i) => cols.frequency[i] as number),
    monetaryValue: Float64Array.from(repeat, (i) => cols.monetaryValue[i] as number),
  });
  const value = predictCustomerLifetimeValue({
    transactionModel: model,
    spendModel,
    customers: { ...customers, monetaryValue: cols.monetaryValue },
    horizon,
    discountRate,
    timeUnit,
  });
  const averageClv = sumMoney(value.clv).div(Math.max(1, value.clv.length));
  const cac = input.cac === undefined ? undefined : toDecimal(input.cac);
  const spend = Float64Array.from(rows, (r) => r.totalSpend.toNumber());
  const paretoCurve = Array.from({ length: 20 }, (_, k) => {
    const fraction = (k + 1) / 20;
    return { fraction, share: paretoShare(spend, fraction).toNumber() };
  });
  const maxT = cols.T.reduce((m, t) => Math.max(m, t), 0);
  const maxF = Math.max(
    1,
    Math.min(
      GRID,
      cols.frequency.reduce((m, f) => Math.max(m, f), 0),
    ),
  );
  const frequencies = Array.from({ length: maxF + 1 }, (_, f) => f);
  const recencies = Array.from({ length: GRID + 1 }, (_, k) => (maxT * k) / GRID);
  const values = frequencies.map((f) => {
    const grid = {
      frequency: recencies.map(() => f),
      recency: recencies.map((r) => (f === 0 ? 0 : r)),
      T: recencies.map(() => maxT),
    };
    return Array.from(probabilityAlive(model, grid));
  });
  let holdout: HoldoutComparison | undefined;
  if (cols.frequencyHoldout && summary.calibrationEnd) {
    const holdoutLength = (rows[0]?.durationHoldout ?? 0) as number;
    if (holdoutLength > 0)
      holdout = compareHoldout({
        fit: model,
        customers,
        holdoutPurchases: cols.frequencyHoldout,
        holdoutLength,
      });
  }
  return {
    customers: rows.length,
    revenue,
    averageClv,
    clvToCac: cac && !cac.isZero() ? clvToCacRatio(averageClv, cac) : undefined,
    cac,
    timeUnit,
    horizon,
    discountRate,
    model,
    spendModel,
    segments,
    clvBySegment: segmentSummary(
      value.clv.map((totalSpend) => ({ totalSpend })),
      segmentOf,
    ),
    ids: cols.customerId,
    clv: value.clv,
    clvValues: value.values,
    pAlive: probabilityAlive(model, customers),
    expectedPurchases: value.expectedPurchases,
    segmentOf,
    paretoCurve,
    topFifthShare: paretoShare(spend, 0.2),
    aliveGrid: { frequencies, recencies, values, T: maxT },
    repeatCounts: {
      observed: observedRepeatCountDistribution(customers),
      expected: expectedRepeatCountDistribution(model, customers),
    },
    holdout,
    cohorts: input.transactions ? cohortRetention(input.transactions, { period: 'month' }) : undefined,
    summary,
  };
}
