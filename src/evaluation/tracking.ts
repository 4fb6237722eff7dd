/**
 * The tracking chart's numbers: expected (the verb `expectedCumulativePurchases`) and actual cumulative repeat
 * purchases of the calibration cohort over calendar time, across calibration and holdout (Fader, Hardie & Lee
 * 2005, Marketing Science 24(2), Figure 3).
 */
import type { FitLike } from '../models/predict.js';
import { expectedCumulativePurchases } from '../models/predict.js';
import { DAYS_PER_UNIT, formatDay } from '../transactions/calendar.js';
import type { ActualTracking } from './actualTracking.js';
import type { EvaluationData } from './evaluationData.js';

/** The calendar grid of the tracking chart and what actually happened on it. */
export interface TrackingGrid {
  /**
   * Times since the cohort's first purchase, in the data's unit: every whole unit (1, 2, …) — or, over a span
   * of more than `MAX_TRACKING_STEPS` units, every `trackingStep(span)`-th unit — and the calibration end and the
   * observation end.
   */
  readonly times: number[];
  /** The day each time falls on (yyyy-MM-dd, rounded down to whole days). */
  readonly dates: string[];
  /** The time of the calibration end (the split, to mark on the chart). */
  readonly calibrationEndTime: number;
  /**
   * Actual cumulative repeat purchases by each time: at every time from an order log or a `SummaryResult` at day
   * granularity; otherwise only at the calibration end (Σ frequency) and the observation end (+ Σ holdout
   * purchases), null elsewhere.
   */
  readonly actualCumulative: (number | null)[];
  /** Actual repeat purchases between consecutive times (the first: up to times[0]); null where unknown. */
  readonly actualIncremental: (number | null)[];
}

/**
 * The most whole-unit steps the tracking grid takes (plus the calibration and observation ends): a daily curve
 * of about 2.7 years, a weekly one of 19. Beyond, the grid steps by several units (`trackingStep`), so a far
 * observation end (9999-12-31 in days: 2.9 million units) costs 1,000 points of every model's curve, not
 * millions — the whole evaluation took minutes there.
 */
export const MAX_TRACKING_STEPS = 1000;

/**
 * The grid's step, in whole units, over a span from the cohort's first purchase: 1 up to `MAX_TRACKING_STEPS`
 * units, else ⌈span / MAX_TRACKING_STEPS⌉ (so at most that many steps).
 *
 * @example trackingStep(2_900_000) // 2900
 */
export function trackingStep(span: number): number {
  return span <= MAX_TRACKING_STEPS ? 1 : Math.ceil(span / MAX_TRACKING_STEPS);
}

/**
 * The grid and actual curve: times step, 2·step, … ≤ span in the data's unit from the cohort's first purchase
 * day (step = `trackingStep(span)`: 1 unless the span passes `MAX_TRACKING_STEPS` units), with the calibration
 * end (max T) and the observation end added. A purchase on day d is counted by time τ when
 * d − origin ≤ τ · (days per unit), so the curve reaches Σ frequency at the calibration end exactly.
 */
export function trackingGrid(data: EvaluationData): TrackingGrid {
  const unitDays = DAYS_PER_UNIT[data.timeUnit];
  let maxT = 0;
  for (const t of data.calibration.T) maxT = Math.max(maxT, t);
  const origin = data.calibrationEndDay - maxT * unitDays;
  const span = (data.observationEndDay - origin) / unitDays;
  const set = new Set<number>();
  const step = trackingStep(span);
  for (let k = 1; k * step <= span + 1e-9; k++) set.add(k * step);
  set.add(maxT);
  set.add(span);
  const times = [...set].filter((t) => t > 0).sort((a, b) => a - b);
  const dates = times.map((t) => formatDay(Math.floor(origin + t * unitDays + 1e-9)));
  const actualCumulative =
    data.actualTracking === undefined
      ? summaryCurve(data, times, maxT, span)
      : logCurve(data.actualTracking, origin, unitDays, times);
  return {
    times,
    dates,
    calibrationEndTime: maxT,
    actualCumulative,
    actualIncremental: actualCumulative.map((v, j) => {
      const before = j === 0 ? 0 : actualCumulative[j - 1];
      return v === null || before === null || before === undefined ? null : v - before;
    }),
  };
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return s;
}

function summaryCurve(data: EvaluationData, times: readonly number[], maxT: number, span: number) {
  const calibration = sum(data.calibration.frequency);
  const total = calibration + sum(data.holdoutPurchases);
  return times.map((t) => (t === maxT ? calibration : t === span ? total : null));
}

function logCurve(actual: ActualTracking, origin: number, unitDays: number, times: readonly number[]) {
  const out: number[] = [];
  let k = 0;
  let running = 0;
  for (const t of times) {
    const limit = t * unitDays + 1e-9;
    while (k < actual.days.length && (actual.days[k] as number) - origin <= limit)
      running += actual.counts[k++] as number;
    out.push(running);
  }
  return out;
}

/**
 * A model's expected cumulative and incremental repeat purchases of the cohort on the grid:
 * `expectedCumulativePurchases` with acquisition at max T − T_i (each customer's age at the calibration end).
 */
export function expectedTracking(
  fit: FitLike,
  data: EvaluationData,
  grid: TrackingGrid,
): { cumulative: number[]; incremental: number[] } {
  const curve = expectedCumulativePurchases(fit, { ages: data.calibration.T, times: grid.times });
  return { cumulative: Array.from(curve.cumulative), incremental: Array.from(curve.incremental) };
}
