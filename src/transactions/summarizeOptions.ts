import * as z from 'zod/mini';
import { ClvValidationError, makeIssue } from '../errors.js';
import { enumRule, fieldSchema } from '../schemas/field.js';
import { parseInput, snapshot } from '../schemas/parse.js';
import { withCrossCheck } from '../schemas/record.js';
import {
  calendarDateRule,
  DEFAULT_TIME_UNIT,
  DEFAULT_TIME_ZONE,
  formatDay,
  type Granularity,
  instantDayReader,
  parseDay,
  type TimeUnit,
  TimeUnitField,
} from './calendar.js';
import { OUTLIER_DATES_MODES, type OutlierDatesMode } from './outlierDays.js';
import { BYTES_PER_HELD_ROW, DEFAULT_MEMORY_BUDGET, type SortedRunStore } from './sortedRunStore.js';

/** What a summarizer does with a negative amount (a return or refund); see `SummarizeOptions.returns`. */
export type ReturnsMode = 'net' | 'exclude' | 'reject';
/** Every returns mode. */
export const RETURNS_MODES: readonly ReturnsMode[] = ['net', 'exclude', 'reject'];

const DayField = fieldSchema<number, string | Date>(calendarDateRule);

/** How a summarizer spills sorted runs to a store once its rows pass a memory budget; see `SummarizeOptions.spill`. */
export interface SpillOptions {
  /**
   * Where the sorted runs go (`clvkit/node`'s `temporaryRunStore` writes them to a temporary directory); one store
   * serves one summary: `finish` disposes of it.
   */
  readonly store: SortedRunStore;
  /**
   * Bytes of memory for the rows held at once (default 1 GiB): a run is written each time
   * ⌊memoryBudget / 36⌋ rows are held (`BYTES_PER_HELD_ROW`); a whole number of 36 or more.
   */
  readonly memoryBudget?: number;
}

/** `SpillOptions` checked: the store and the rows a run holds. */
export interface ResolvedSpill {
  readonly store: SortedRunStore;
  readonly runRows: number;
}

const STORE_METHODS = ['write', 'read', 'readLogDays', 'dispose'] as const;

/** The rule of `SummarizeOptions.spill`. */
const spillRule = {
  expected: `{ store, memoryBudget? }: a SortedRunStore (write, read, readLogDays, dispose) and a whole number of bytes of ${BYTES_PER_HELD_ROW} or more`,
  convert: (v: unknown): ResolvedSpill | undefined => {
    if (v === null || typeof v !== 'object') return undefined;
    const { store, memoryBudget = DEFAULT_MEMORY_BUDGET } = v as Record<string, unknown>;
    if (store === null || typeof store !== 'object') return undefined;
    for (const m of STORE_METHODS)
      if (typeof (store as Record<string, unknown>)[m] !== 'function') return undefined;
    if (!Number.isSafeInteger(memoryBudget) || (memoryBudget as number) < BYTES_PER_HELD_ROW)
      return undefined;
    return {
      store: store as SortedRunStore,
      runRows: Math.floor((memoryBudget as number) / BYTES_PER_HELD_ROW),
    };
  },
};
const UnitField = TimeUnitField;

/** Options of `summarizeTransactions` and `createSummarizer`. */
export const SummarizeOptionsSchema = withCrossCheck(
  z.strictObject({
    /** The unit of recency, T and durations (default 'day'). Weeks are 7 days; months, quarters and years their mean length. */
    timeUnit: z.optional(UnitField),
    /** Purchases within one such grain count as one purchase occasion (default 'day'). */
    granularity: z.optional(UnitField),
    /** The end of observation (default: the last date in the log). Later rows are rejected. */
    observationEnd: z.optional(DayField),
    /** The end of the calibration period, for a calibration/holdout split. */
    calibrationEnd: z.optional(DayField),
    /**
     * IANA time zone in which instants — `Date` objects and timestamps with a zone (`…Z`, `…+01:00`) — are
     * dated (default 'UTC'); dates and timestamps without a zone are the day written (see `parseDay`).
     */
    timeZone: z.optional(
      fieldSchema<string, string>({
        expected: "an IANA time zone such as 'Europe/London' or 'UTC'",
        convert: (v) => (typeof v === 'string' && instantDayReader(v) !== undefined ? v : undefined),
      }),
    ),
    /** `'throw'` (default): bad rows make the call throw; `'collect'`: they are skipped, counted and listed. */
    onBadRow: z.optional(
      fieldSchema<'throw' | 'collect', 'throw' | 'collect'>(enumRule(['throw', 'collect'] as const)),
    ),
    /**
     * Negative amounts (returns, refunds): `'reject'` (default) — a bad row, named; `'exclude'` — dropped and
     * counted as rejected with reason 'return'; `'net'` — netted against the customer's purchases by the rule of
     * `netReturns` (same day first, then the most recent earlier days), each customer's return rate reported.
     */
    returns: z.optional(fieldSchema<ReturnsMode, ReturnsMode>(enumRule(RETURNS_MODES))),
    /**
     * Isolated outlier dates when observationEnd is not given (it is then the last date, so one
     * `9999-12-31` row would re-base every customer): `'reject'` (default) — dates cut off from the rest by a gap
     * longer than both 366 days and 3 × the interquartile span of the rows' days, holding at most 1 % of the
     * rows (logs of 20 rows or more), are bad rows with reason 'outlier date' (docs/real-exports.md);
     * `'keep'` — no such check.
     */
    outlierDates: z.optional(fieldSchema<OutlierDatesMode, OutlierDatesMode>(enumRule(OUTLIER_DATES_MODES))),
    /**
     * For a log larger than memory: once `memoryBudget` bytes of rows are held (⌊memoryBudget / 36⌋ rows), they
     * are sorted by (customer, day) and written to `store` as a run, and `finish` merges the runs (an external
     * merge sort, Knuth TAOCP vol. 3 §5.4) — the result identical to that without a store. Default: no spill,
     * every row held in memory.
     */
    spill: z.optional(fieldSchema<ResolvedSpill, SpillOptions>(spillRule)),
    /**
     * Whether the summary keeps each customer's purchase occasions for `cohortRetention` (default true). With
     * false it keeps none — 4 bytes an occasion and 4 a customer less, about 260 MB for 10 M customers of 55 M
     * occasions — and `cohortRetention` throws.
     */
    cohorts: z.optional(
      fieldSchema<boolean, boolean>({
        expected: 'true or false',
        convert: (v) => (typeof v === 'boolean' ? v : undefined),
      }),
    ),
  }),
  (o) =>
    o.calibrationEnd !== undefined && o.observationEnd !== undefined && o.calibrationEnd >= o.observationEnd
      ? [
          {
            field: 'calibrationEnd',
            expected: `a date before observationEnd ${formatDay(o.observationEnd)}`,
            value: formatDay(o.calibrationEnd),
          },
        ]
      : [],
);
/**
 * Options of `summarizeTransactions` and `createSummarizer`: time unit, granularity, the end of observation and
 * of calibration, and what to do with bad rows.
 *
 * @interface
 */
export type SummarizeOptions = z.input<typeof SummarizeOptionsSchema>;

/** Options with defaults applied. */
export interface ResolvedSummarizeOptions {
  readonly timeUnit: TimeUnit;
  readonly granularity: Granularity;
  readonly observationEnd: number | undefined;
  readonly calibrationEnd: number | undefined;
  readonly onBadRow: 'throw' | 'collect';
  readonly timeZone: string;
  readonly returns: ReturnsMode;
  readonly outlierDates: OutlierDatesMode;
  /** Where and when sorted runs go to a store (undefined: every row held in memory). */
  readonly spill: ResolvedSpill | undefined;
  /** Whether purchase occasions are kept for `cohortRetention`. */
  readonly cohorts: boolean;
}

/**
 * Validates summarizer options (a `ClvValidationError` naming `where` and the field) and applies the defaults.
 * `observationEnd` and `calibrationEnd` follow the rows' time-zone rule (`parseDay`): a date or a timestamp
 * without a zone is the day written; a `Date` or a timestamp with a zone is dated in `timeZone`, as the rows'
 * instants are — so `observationEnd: new Date('2024-01-01T02:00Z')` with `timeZone: 'America/New_York'` is
 * 2023-12-31, the day a row at that instant lands on.
 */
export function resolveSummarizeOptions(options: unknown, where: string): ResolvedSummarizeOptions {
  // One reading of the caller's object: the schema and the re-dating below see the same values.
  const raw = snapshot(where, 'options', options ?? {}) as Record<string, unknown>;
  const parsed = parseInput(SummarizeOptionsSchema, raw, where);
  const timeZone = parsed.timeZone ?? DEFAULT_TIME_ZONE;
  const zoned = instantDayReader(timeZone);
  const inZone = (field: 'observationEnd' | 'calibrationEnd', utcDay: number | undefined) =>
    utcDay === undefined || zoned === undefined ? utcDay : (parseDay(raw[field], zoned) ?? utcDay);
  const observationEnd = inZone('observationEnd', parsed.observationEnd);
  const calibrationEnd = inZone('calibrationEnd', parsed.calibrationEnd);
  // Two instants on different UTC days can share a day in another zone: the split must still be a split.
  if (calibrationEnd !== undefined && observationEnd !== undefined && calibrationEnd >= observationEnd)
    throw new ClvValidationError(where, [
      makeIssue(
        'calibrationEnd',
        `a date before observationEnd ${formatDay(observationEnd)} (both dated in ${timeZone})`,
        formatDay(calibrationEnd),
      ),
    ]);
  return {
    timeUnit: parsed.timeUnit ?? DEFAULT_TIME_UNIT,
    granularity: parsed.granularity ?? 'day',
    observationEnd,
    calibrationEnd,
    onBadRow: parsed.onBadRow ?? 'throw',
    timeZone,
    returns: parsed.returns ?? 'reject',
    outlierDates: parsed.outlierDates ?? 'reject',
    spill: parsed.spill,
    cohorts: parsed.cohorts ?? true,
  };
}
