/** The data side of the tracking chart: the calibration cohort's actual repeat purchases per calendar day. */
import { customerIdRule } from '../schemas/customerId.js';
import { parseDay } from '../transactions/calendar.js';
import type { Transaction } from '../transactions/createSummarizer.js';

/** Repeat purchase occasions of the calibration cohort by day. */
export interface ActualTracking {
  /** Day number of the cohort's first purchase (the tracking chart's origin). */
  readonly firstDay: number;
  /** Distinct days with repeat purchases, ascending, and how many customers repeat-purchased on each. */
  readonly days: Int32Array;
  readonly counts: Float64Array;
}

/**
 * Repeat purchase occasions per day of the customers whose first purchase is on or before `calibrationEndDay`
 * (the calibration cohort), up to `observationEndDay`: every (customer, day) pair after the customer's first
 * day counts once — the summarizer's occasions at day granularity, so their sums up to calibrationEnd and after
 * it are Σ frequency and Σ frequencyHoldout of the split summary. The rows the summarizer rejected (`rejected`,
 * their indexes in the log) are skipped here too.
 */
export function actualRepeatPurchasesByDay(
  log: readonly Transaction[],
  calibrationEndDay: number,
  observationEndDay: number,
  rejected: ReadonlySet<number>,
): ActualTracking {
  const daysOf = new Map<string | number, Set<number>>();
  for (let i = 0; i < log.length; i++) {
    if (rejected.has(i)) continue;
    const t = log[i] as Transaction;
    const id = customerIdRule.convert(t?.customerId);
    const day = parseDay(t?.date);
    if (id === undefined || day === undefined || day > observationEndDay) continue;
    let set = daysOf.get(id);
    if (set === undefined) daysOf.set(id, (set = new Set()));
    set.add(day);
  }
  const perDay = new Map<number, number>();
  let firstDay = Number.POSITIVE_INFINITY;
  for (const set of daysOf.values()) {
    let first = Number.POSITIVE_INFINITY;
    for (const d of set) first = Math.min(first, d);
    if (first > calibrationEndDay) continue;
    firstDay = Math.min(firstDay, first);
    for (const d of set) if (d !== first) perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  const days = Int32Array.from(perDay.keys()).sort();
  return {
    firstDay: Number.isFinite(firstDay) ? firstDay : calibrationEndDay,
    days,
    counts: Float64Array.from(days, (d) => perDay.get(d) as number),
  };
}
