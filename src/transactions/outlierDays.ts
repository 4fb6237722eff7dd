import { ClvValidationError, makeIssue } from '../errors.js';
import { guardedRead } from '../schemas/parse.js';

/** What a summarizer does with isolated outlier dates; see `SummarizeOptions.outlierDates`. */
export type OutlierDatesMode = 'reject' | 'keep';
/** Every outlier-dates mode. */
export const OUTLIER_DATES_MODES: readonly OutlierDatesMode[] = ['reject', 'keep'];

/** A gap of at most this many days never isolates a date (a shop closed for a season is no outlier). */
export const OUTLIER_GAP_FLOOR_DAYS = 366;
/** A gap must also exceed this multiple of the days' interquartile span. */
export const OUTLIER_IQR_MULTIPLE = 3;
/** Rows beyond a gap may be at most this share of the log (and at least one row) to be outliers. */
export const OUTLIER_TAIL_SHARE = 0.01;
/** Logs with fewer rows than this are never judged (too few to tell an outlier from the rest). */
export const OUTLIER_MIN_ROWS = 20;
/** Day spans up to this are counted in a histogram; wider ones (years beyond ±10,000) sort a copy. */
const HISTOGRAM_SPAN = 1 << 22;

/** The days kept by the outlier rule, inclusive, and the gap a date had to be beyond to be left out. */
export interface PlausibleDays {
  readonly from: number;
  readonly to: number;
  /** The gap threshold in days: max(OUTLIER_GAP_FLOOR_DAYS, OUTLIER_IQR_MULTIPLE × (Q3 − Q1)). */
  readonly gap: number;
}

/**
 * The isolated-outlier rule over a log's day column (`days[0..n)`, day numbers; `minDay`/`maxDay` their
 * bounds): with the distinct days sorted and Q1, Q3 the lower 25 % and 75 % quantiles of the rows' days
 * (rank ⌈0.25 n⌉ and ⌈0.75 n⌉), the threshold is g = max(366, 3 × (Q3 − Q1)) days. Walking up from Q3, the
 * first gap between consecutive distinct days larger than g cuts off the upper tail; walking down from Q1,
 * the first such gap cuts off the lower tail. A tail is an outlier when it holds at most
 * max(1, ⌊0.01 n⌋) rows; logs of fewer than 20 rows are never judged. This is Tukey's fences (Tukey 1977,
 * *Exploratory Data Analysis*: k × IQR from the quartiles) applied to gaps rather than to values, so that a
 * dense log spread over decades is never cut, while one `9999-12-31` or `1971-01-01` row in a 1997–1998 log
 * is. Returns the kept range, or undefined when no day is an outlier. One pass over the days and one over
 * their span (a sorted copy when the span exceeds 2^22 days).
 *
 * @example
 * // 99 orders in 1997, one dated 9999-12-31: only 1997 is kept.
 * plausibleDays(Int32Array.from([...Array(99).keys()].map((k) => 9862 + k).concat(2932896)), 100, 9862, 2932896)
 * // → { from: 9862, to: 9960, gap: 366 }
 */
export function plausibleDays(
  days: Int32Array,
  n: number,
  minDay: number,
  maxDay: number,
): PlausibleDays | undefined {
  if (n < OUTLIER_MIN_ROWS || maxDay - minDay <= OUTLIER_GAP_FLOOR_DAYS) return undefined;
  const { values, counts } = distinctDays(days, n, minDay, maxDay);
  return plausibleRange(values, counts);
}

/**
 * The isolated-outlier rule of `plausibleDays` over a log's day histogram: `values` the distinct days in
 * increasing order (whole day numbers), `counts[k]` the rows on day `values[k]` (whole, 0 or more), n = Σ counts
 * (a `ClvValidationError` names any other input). With Q1, Q3 the
 * days at rank ⌈0.25 n⌉ and ⌈0.75 n⌉, g = max(366, 3 × (Q3 − Q1)); walking up from Q3 (down from Q1), the
 * first gap between consecutive days larger than g cuts off the tail beyond it when that tail holds at most
 * max(1, ⌊0.01 n⌋) rows; logs of fewer than 20 rows, or spanning at most 366 days, are never judged (Tukey
 * 1977, *Exploratory Data Analysis*: k × IQR fences, applied to gaps). This is the form an engine's
 * `GROUP BY day` returns (`summaryAccountSql(…).days`), so the SQL engines apply the rule written once here.
 * Returns the kept range, or undefined when no day is an outlier. O(number of distinct days).
 *
 * @example
 * // 99 days of 1997 with one order each, and one order dated 9999-12-31: only 1997 is kept.
 * plausibleDaysOfHistogram([...Array(99).keys()].map((k) => 9862 + k).concat(2932896), Array(100).fill(1))
 * // → { from: 9862, to: 9960, gap: 366 }
 */
export function plausibleDaysOfHistogram(
  values: ArrayLike<number>,
  counts: ArrayLike<number>,
): PlausibleDays | undefined {
  const where = 'plausibleDaysOfHistogram';
  const [days, rows] = guardedRead(where, 'values', () => checkedHistogram(where, values, counts));
  return plausibleRange(days, rows);
}

/** The histogram read once and checked: whole day numbers strictly increasing, whole counts ≥ 0, one per day. */
function checkedHistogram(where: string, values: unknown, counts: unknown): [Float64Array, Float64Array] {
  const list = (v: unknown, field: string) => {
    if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<unknown>).length !== 'number')
      throw new ClvValidationError(where, [makeIssue(field, 'an array of whole numbers', v)]);
    return Float64Array.from(v as ArrayLike<unknown>, (x, i) => {
      if (typeof x !== 'number' || !Number.isSafeInteger(x))
        throw new ClvValidationError(where, [makeIssue(`${field}[${i}]`, 'a whole number', x, i)]);
      return x;
    });
  };
  const days = list(values, 'values');
  const rows = list(counts, 'counts');
  if (rows.length !== days.length)
    throw new ClvValidationError(where, [
      makeIssue('counts', `${days.length} counts, one per day`, rows.length),
    ]);
  for (let k = 0; k < days.length; k++) {
    if (k > 0 && !((days[k] as number) > (days[k - 1] as number)))
      throw new ClvValidationError(where, [
        makeIssue(
          `values[${k}]`,
          `a day after ${days[k - 1]} (distinct days in increasing order)`,
          days[k],
          k,
        ),
      ]);
    if (!((rows[k] as number) >= 0))
      throw new ClvValidationError(where, [
        makeIssue(`counts[${k}]`, 'a whole number of rows, 0 or more', rows[k], k),
      ]);
  }
  return [days, rows];
}

/** `plausibleDaysOfHistogram` on a histogram known to be well formed. */
function plausibleRange(values: ArrayLike<number>, counts: ArrayLike<number>): PlausibleDays | undefined {
  const m = values.length;
  if (m === 0) return undefined;
  let n = 0;
  for (let k = 0; k < m; k++) n += counts[k] as number;
  const minDay = values[0] as number;
  const maxDay = values[m - 1] as number;
  if (n < OUTLIER_MIN_ROWS || maxDay - minDay <= OUTLIER_GAP_FLOOR_DAYS) return undefined;
  // The day of the row at 1-based rank r.
  const dayAtRank = (r: number): number => {
    let seen = 0;
    for (let k = 0; k < m; k++) {
      seen += counts[k] as number;
      if (seen >= r) return values[k] as number;
    }
    return maxDay;
  };
  const q1 = dayAtRank(Math.ceil(0.25 * n));
  const q3 = dayAtRank(Math.ceil(0.75 * n));
  const gap = Math.max(OUTLIER_GAP_FLOOR_DAYS, OUTLIER_IQR_MULTIPLE * (q3 - q1));
  const cap = Math.max(1, Math.floor(OUTLIER_TAIL_SHARE * n));
  let from = minDay;
  let to = maxDay;
  // Upper tail: the first gap above Q3.
  let tail = 0;
  for (let k = m - 1; k > 0 && (values[k - 1] as number) >= q3; k--) {
    tail += counts[k] as number;
    if (tail > cap) break;
    if ((values[k] as number) - (values[k - 1] as number) > gap) to = values[k - 1] as number;
  }
  // Lower tail: the first gap below Q1.
  tail = 0;
  for (let k = 0; k < m - 1 && (values[k + 1] as number) <= q1; k++) {
    tail += counts[k] as number;
    if (tail > cap) break;
    if ((values[k + 1] as number) - (values[k] as number) > gap) from = values[k + 1] as number;
  }
  return from === minDay && to === maxDay ? undefined : { from, to, gap };
}

/** The kept range as a summary reports it (`OutlierDates`): ISO dates and the gap in days. */
export interface KeptDateRange {
  readonly from: string;
  readonly to: string;
  readonly gapDays: number;
}

/** How the library's options keep an outlier date (a caller with other words, such as the CLI's flags, passes its own). */
export const OUTLIER_KEEP_WORDS = { observationEnd: 'observationEnd', keep: "outlierDates 'keep'" } as const;

/**
 * The reason of a row rejected as an isolated outlier date, naming the date column, the range kept, the gap
 * (`plausibleDaysOfHistogram`) and how to read the row after all — the words of every reader that reports a file's
 * or a table's rows (the CLI's in-process reader and the SQL engines).
 *
 * @example
 * outlierDateReason('date', { from: '1997-01-01', to: '1998-06-30', gapDays: 774 }, '1971-01-01')
 * // "column date: expected a date within 774 days of the rest of the log (1997-01-01 … 1998-06-30), received '1971-01-01': an isolated outlier date (give observationEnd, or outlierDates 'keep', to read it)"
 */
export function outlierDateReason(
  column: string,
  kept: KeptDateRange,
  received: string,
  words: { readonly observationEnd: string; readonly keep: string } = OUTLIER_KEEP_WORDS,
): string {
  const where = 'outlierDateReason';
  guardedRead(where, 'kept', () => {
    const text = (v: unknown, field: string) => {
      if (typeof v !== 'string') throw new ClvValidationError(where, [makeIssue(field, 'a string', v)]);
    };
    text(column, 'column');
    text(received, 'received');
    if (kept === null || typeof kept !== 'object')
      throw new ClvValidationError(where, [
        makeIssue('kept', 'the range kept ({ from, to, gapDays })', kept),
      ]);
    text(kept.from, 'kept.from');
    text(kept.to, 'kept.to');
    if (!Number.isSafeInteger(kept.gapDays) || kept.gapDays < 0)
      throw new ClvValidationError(where, [
        makeIssue('kept.gapDays', 'a whole number of days, 0 or more', kept.gapDays),
      ]);
    if (words === null || typeof words !== 'object')
      throw new ClvValidationError(where, [
        makeIssue('words', 'the words for observationEnd and keep', words),
      ]);
    text(words.observationEnd, 'words.observationEnd');
    text(words.keep, 'words.keep');
  });
  return `column ${column}: expected a date within ${kept.gapDays.toLocaleString('en-US')} days of the rest of the log (${kept.from} … ${kept.to}), received '${received}': an isolated outlier date (give ${words.observationEnd}, or ${words.keep}, to read it)`;
}

/**
 * The distinct days of `days[0..n)` (bounds `minDay`, `maxDay`) in increasing order with their row counts: a
 * histogram over the span when it is at most 2^22 days, else a sorted copy. The form `plausibleDaysOfHistogram`
 * reads; a spilling summarizer adds those of its runs up.
 *
 * @example
 * distinctDays(Int32Array.of(7, 5, 7), 3, 5, 7) // { values: [5, 7], counts: [1, 2] }
 */
export function distinctDays(
  days: Int32Array,
  n: number,
  minDay: number,
  maxDay: number,
): { values: Int32Array; counts: Int32Array } {
  const span = maxDay - minDay + 1;
  if (span <= HISTOGRAM_SPAN) {
    const hist = new Int32Array(span);
    for (let i = 0; i < n; i++) {
      const d = (days[i] as number) - minDay;
      hist[d] = (hist[d] as number) + 1;
    }
    let m = 0;
    for (let d = 0; d < span; d++) if ((hist[d] as number) > 0) m++;
    const values = new Int32Array(m);
    const counts = new Int32Array(m);
    for (let d = 0, k = 0; d < span; d++)
      if ((hist[d] as number) > 0) {
        values[k] = d + minDay;
        counts[k++] = hist[d] as number;
      }
    return { values, counts };
  }
  const sorted = days.slice(0, n).sort();
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = sorted[i] as number;
    if (values.length > 0 && values[values.length - 1] === d)
      counts[counts.length - 1] = (counts[counts.length - 1] as number) + 1;
    else {
      values.push(d);
      counts.push(1);
    }
  }
  return { values: Int32Array.from(values), counts: Int32Array.from(counts) };
}
