/**
 * BG/BB's view of an evaluation's customers: calendar periods instead of continuous time, for the discrete
 * models of the registry when the data counts at most one purchase per period.
 */

import { formatDay, grainOf, type TimeUnit } from '../transactions/calendar.js';
import type { SummaryColumns } from '../transactions/createSummarizer.js';
import { discretePeriods } from '../transactions/discretePeriods.js';

/** Every customer of a summary in BG/BB's terms, and the subset with an opportunity (what a fit takes). */
export interface DiscreteCustomers {
  /** Per customer, in the summary's order: repeat periods x, last repeat period t_x, opportunities n (in `T`). */
  readonly all: {
    readonly frequency: Float64Array;
    readonly recency: Float64Array;
    readonly T: Float64Array;
  };
  /** The customers with n ≥ 1 (a first purchase before the end's period): the likelihood's data. */
  readonly fitted: {
    readonly frequency: Float64Array;
    readonly recency: Float64Array;
    readonly T: Float64Array;
  };
}

/**
 * BG/BB customers (Fader, Hardie & Berger 2010) of a summary made at granularity = time unit = `period`, up to
 * the day `endDay` (`discretePeriods`: n = the periods after the first purchase's, the end's period counted).
 * A customer whose first purchase is in the end's period has n = 0: no opportunity yet, so no term in the
 * likelihood, but a prediction all the same (x = t_x = n = 0: a customer just acquired).
 *
 * @example discreteCustomers(split.columns, 'month', parseDay('1997-09-30')).all.T[0] // 8 for a January customer
 */
export function discreteCustomers(c: SummaryColumns, period: TimeUnit, endDay: number): DiscreteCustomers {
  const d = discretePeriods(c, period, formatDay(endDay));
  const n = c.frequency.length;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  for (let k = 0; k < d.kept.length; k++) {
    const i = d.kept[k] as number;
    frequency[i] = d.frequency[k] as number;
    recency[i] = d.recency[k] as number;
    T[i] = d.periods[k] as number;
  }
  return {
    all: { frequency, recency, T },
    fitted: { frequency: d.frequency, recency: d.recency, T: d.periods },
  };
}

/**
 * The holdout in whole periods: the calendar periods after the calibration end's, up to the observation end's
 * (each a further opportunity to buy).
 *
 * @example holdoutPeriods(parseDay('1997-09-30'), parseDay('1998-06-30'), 'month') // 9
 */
export function holdoutPeriods(
  calibrationEndDay: number,
  observationEndDay: number,
  period: TimeUnit,
): number {
  return grainOf(observationEndDay, period) - grainOf(calibrationEndDay, period);
}
