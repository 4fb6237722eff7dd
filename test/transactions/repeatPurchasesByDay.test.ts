import { describe, expect, it } from 'vitest';
import { actualRepeatPurchasesByDay } from '../../src/evaluation/actualTracking.js';
import { ClvValidationError, formatDay, summarizeTransactions, type Transaction } from '../../src/index.js';
import { parseDay } from '../../src/transactions/calendar.js';
import { simulatedLog } from '../simulatedLog.js';

/**
 * Repeat purchases by day counted from the rows themselves, as a reader of the paper would: each customer's
 * distinct days, those after the first, for customers whose first day is on or before `lastFirstDay`.
 */
function countedFromRows(rows: readonly Transaction[], lastFirstDay: number, lastDay: number) {
  const days = new Map<string, Set<number>>();
  for (const r of rows) {
    const d = parseDay(r.date) as number;
    if (d > lastDay) continue;
    const id = String(r.customerId);
    let set = days.get(id);
    if (set === undefined) days.set(id, (set = new Set()));
    set.add(d);
  }
  const perDay = new Map<number, number>();
  for (const set of days.values()) {
    const sorted = [...set].sort((a, b) => a - b);
    if ((sorted[0] as number) > lastFirstDay) continue;
    for (const d of sorted.slice(1)) perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  return new Map([...perDay].sort((a, b) => a[0] - b[0]));
}

const asMap = (r: { days: Int32Array; counts: Float64Array }) =>
  new Map(Array.from(r.days, (d, i) => [d, r.counts[i] as number]));

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0);

describe('SummaryResult.repeatPurchasesByDay: the actual side of a tracking plot', () => {
  const log = simulatedLog(500, '2020-01-01', '2021-12-31', 3);
  const split = summarizeTransactions(log, { calibrationEnd: '2021-03-31' });
  const calEnd = parseDay('2021-03-31') as number;
  const obsEnd = parseDay(split.observationEnd) as number;

  it('counts each customer once a day after their first, as the rows say', () => {
    const r = split.repeatPurchasesByDay();
    expect(r.period).toBe('day');
    expect(asMap(r)).toEqual(countedFromRows(log, calEnd, obsEnd));
  });

  it('sums to Σ frequency up to the calibration end and Σ frequencyHoldout after it', () => {
    const r = split.repeatPurchasesByDay();
    let before = 0;
    let after = 0;
    r.days.forEach((d, i) => {
      if (d <= calEnd) before += r.counts[i] as number;
      else after += r.counts[i] as number;
    });
    expect(before).toBe(sum(split.columns.frequency));
    expect(after).toBe(sum(split.columns.frequencyHoldout as Float64Array));
    expect(before).toBeGreaterThan(100);
    expect(after).toBeGreaterThan(100);
  });

  it('is the cohort table summed by calendar day (the evaluation read it there before)', () => {
    for (const period of ['day', 'month'] as const) {
      const direct = split.repeatPurchasesByDay({ period });
      const fromTable = actualRepeatPurchasesByDay(split.cohortRetention({ period }), calEnd);
      expect(direct.period).toBe(period);
      expect(Array.from(direct.days)).toEqual(Array.from(fromTable.days));
      expect(Array.from(direct.counts)).toEqual(Array.from(fromTable.counts));
    }
    // Monthly: each customer once a month, dated the month's first day.
    const monthly = split.repeatPurchasesByDay({ period: 'month' });
    expect(Array.from(monthly.days, (d) => formatDay(d).slice(8))).toEqual(
      Array.from(monthly.days, () => '01'),
    );
  });

  it('yearly data: the periods of the grains; a period not made of whole grains is refused', () => {
    const yearly = summarizeTransactions(log, {
      calibrationEnd: '2020-12-31',
      granularity: 'year',
      timeUnit: 'year',
    });
    const r = yearly.repeatPurchasesByDay({ period: 'year' });
    expect(r.period).toBe('year');
    expect(Array.from(r.days, formatDay)).toEqual(['2021-01-01']);
    expect(r.counts[0]).toBe(sum(yearly.columns.frequencyHoldout as Float64Array));
    expect(() => yearly.repeatPurchasesByDay()).toThrow(
      'repeatPurchasesByDay: invalid input — period: expected one of year (periods made of whole years), received "day"',
    );
  });

  it('ten years of daily first purchases: no bound of a cohort table (6.7 million cells) stands in the way', () => {
    // One new customer a day for ten years, each buying again 30 and 400 days later.
    const rows: Transaction[] = [];
    const first = parseDay('2000-01-01') as number;
    for (let c = 0; c < 3653; c++) {
      for (const k of [0, 30, 400]) rows.push({ customerId: c, date: formatDay(first + c + k), amount: 10 });
    }
    const s = summarizeTransactions(rows, { calibrationEnd: '2009-12-31' });
    expect(() => s.cohortRetention({ period: 'day' })).toThrow(ClvValidationError);
    const r = s.repeatPurchasesByDay();
    const last = parseDay(s.observationEnd) as number;
    expect(asMap(r)).toEqual(countedFromRows(rows, parseDay('2009-12-31') as number, last));
    expect(sum(r.counts)).toBe(sum(s.columns.frequency) + sum(s.columns.frequencyHoldout as Float64Array));
  });

  it('refuses a summary made without occasions and options that are not an object', () => {
    const bare = summarizeTransactions(log, { cohorts: false });
    expect(() => bare.repeatPurchasesByDay()).toThrow(
      'repeatPurchasesByDay: invalid input — options.cohorts: expected a summary made with cohorts: true (the default), received false',
    );
    expect(() => split.repeatPurchasesByDay(5 as never)).toThrow(ClvValidationError);
    expect(() => split.repeatPurchasesByDay({ period: 'fortnight' as never })).toThrow(
      /repeatPurchasesByDay: invalid input — period: expected/,
    );
  });
});
