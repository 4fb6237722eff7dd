/** The data side of the tracking chart: the calibration cohort's actual repeat purchases per calendar day. */
import { parseDay } from '../transactions/calendar.js';
import type { CohortRetention } from '../transactions/cohortRetention.js';

/** Repeat purchase occasions of the calibration cohort by day. */
export interface ActualTracking {
  /** Distinct days with repeat purchases, ascending, and how many customers repeat-purchased on each. */
  readonly days: Int32Array;
  readonly counts: Float64Array;
}

/**
 * Repeat purchase occasions per day of the customers whose first purchase is on or before `calibrationEndDay`
 * (the calibration cohort), read from the summarizer's daily cohort table (`SummaryResult.cohortRetention({
 * period: 'day' })`): a cohort of first day f that has active[k] customers buying on day f + k (k ≥ 1) adds
 * active[k] repeat occasions on that day. These are the summarizer's own occasions (accepted rows only, up to
 * observationEnd), so their sums up to calibrationEnd and after it are Σ frequency and Σ frequencyHoldout.
 */
export function actualRepeatPurchasesByDay(
  daily: CohortRetention,
  calibrationEndDay: number,
): ActualTracking {
  const perDay = new Map<number, number>();
  for (const cohort of daily.cohorts) {
    const first = parseDay(cohort.cohort);
    if (first === undefined || first > calibrationEndDay) continue;
    for (let k = 1; k < cohort.active.length; k++) {
      const n = cohort.active[k] as number;
      if (n > 0) perDay.set(first + k, (perDay.get(first + k) ?? 0) + n);
    }
  }
  const days = Int32Array.from(perDay.keys()).sort();
  return { days, counts: Float64Array.from(days, (d) => perDay.get(d) as number) };
}
