/** The data side of the tracking chart: the calibration cohort's actual repeat purchases per calendar day. */
import { type Granularity, grainOf, grainStart, parseDay } from '../transactions/calendar.js';
import type { CohortRetention } from '../transactions/cohortRetention.js';

/** Repeat purchase occasions of the calibration cohort by day. */
export interface ActualTracking {
  /** Distinct days with repeat purchases, ascending, and how many customers repeat-purchased on each. */
  readonly days: Int32Array;
  readonly counts: Float64Array;
}

/** The first day of a cohort of `cohortRetention` from its label ('1997-01-08', '1997-01', '1997-Q1', '1997'). */
function cohortStart(label: string, period: Granularity): number | undefined {
  if (period === 'month') return parseDay(`${label}-01`);
  if (period === 'year') return parseDay(`${label}-01-01`);
  if (period === 'quarter') {
    const q = Number(label.slice(6));
    return parseDay(`${label.slice(0, 4)}-${String(3 * q - 2).padStart(2, '0')}-01`);
  }
  return parseDay(label);
}

/**
 * Repeat purchase occasions per day of the customers whose first purchase is on or before `calibrationEndDay`
 * (the calibration cohort), read from the summarizer's cohort table (`SummaryResult.cohortRetention`): a cohort
 * of first period f that has active[k] customers buying in period f + k (k ≥ 1) adds active[k] repeat
 * occasions on that period's first day (the day itself for a daily table). These are the summarizer's own
 * occasions (accepted rows only, up to observationEnd), so their sums up to calibrationEnd and after it are
 * Σ frequency and Σ frequencyHoldout. A table by week or coarser serves discrete data (one occasion per period).
 */
export function actualRepeatPurchasesByDay(
  table: CohortRetention,
  calibrationEndDay: number,
): ActualTracking {
  const period = table.period;
  const perDay = new Map<number, number>();
  for (const cohort of table.cohorts) {
    const first = cohortStart(cohort.cohort, period);
    if (first === undefined || first > calibrationEndDay) continue;
    const grain = grainOf(first, period);
    for (let k = 1; k < cohort.active.length; k++) {
      const n = cohort.active[k] as number;
      const day = period === 'day' ? first + k : grainStart(grain + k, period);
      if (n > 0) perDay.set(day, (perDay.get(day) ?? 0) + n);
    }
  }
  const days = Int32Array.from(perDay.keys()).sort();
  return { days, counts: Float64Array.from(days, (d) => perDay.get(d) as number) };
}
