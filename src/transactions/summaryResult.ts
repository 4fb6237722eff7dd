import { ClvValidationError, makeIssue } from '../errors.js';
import { Decimal, roundMoney } from '../money.js';
import { enumRule } from '../schemas/field.js';
import {
  dayFormatter,
  formatDay,
  type Granularity,
  grainOf,
  grainStart,
  TIME_UNITS,
  type TimeUnit,
} from './calendar.js';
import { CohortCounts, type CohortRetention, PERIODS_OF_WHOLE_GRAINS } from './cohortRetention.js';
import type {
  CustomerSummary,
  RejectedRow,
  SummaryColumns,
  SummaryResult,
  SummaryRfmColumns,
} from './createSummarizer.js';
import type { CustomerLedger } from './customerLedger.js';
import { TEN_THOUSANDTH, tenThousandthsRatioText, tenThousandthsText } from './tenThousandths.js';

/** What a finished summarizer hands over to build its result. */
export interface SummaryState {
  readonly ledger: CustomerLedger;
  readonly granularity: Granularity;
  /** The unit of recency and T. */
  readonly timeUnit: TimeUnit;
  /** Whether there is a calibration split (holdout figures). */
  readonly split: boolean;
  /** The observation end and the calibration window's end (day numbers), and the time unit in days. */
  readonly end: number;
  readonly windowEnd: number;
  readonly unit: number;
  /** The customer id of a ledger key (identity unless the reader interned ids). */
  readonly idOf: (key: string | number) => string | number;
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly rejected: RejectedRow[];
}

/**
 * The result of a summarizer (see `SummaryResult`) read from its ledger: the models' columns at once (customers
 * whose first purchase is on or before the window's end), everything else — row objects, RFM columns, the
 * exact revenue, exact money text, cohorts — when first asked for.
 */
export function summaryResult(state: SummaryState): SummaryResult {
  const {
    ledger,
    granularity,
    timeUnit,
    split,
    end,
    windowEnd,
    unit,
    idOf,
    rowsRead,
    rowsRejected,
    rejected,
  } = state;
  // The columns (what the models read) now; the row objects when first asked for.
  const slots: number[] = [];
  for (let slot = 0; slot < ledger.size; slot++) if (ledger.firstDay(slot) <= windowEnd) slots.push(slot);
  const n = slots.length;
  const customerId = new Array<string | number>(n);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const monetaryValue = new Float64Array(n);
  const frequencyHoldout = split ? new Float64Array(n) : undefined;
  const monetaryValueHoldout = split ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const slot = slots[i] as number;
    const first = grainStart(ledger.firstGrain(slot), granularity);
    const repeats = ledger.calOccasions(slot) - 1;
    customerId[i] = idOf(ledger.ids[slot] as string | number);
    frequency[i] = repeats;
    recency[i] = (grainStart(ledger.lastCalGrain(slot), granularity) - first) / unit;
    T[i] = (windowEnd - first) / unit;
    monetaryValue[i] = repeats > 0 ? ledger.repeatSpend(slot) / repeats : 0;
    if (frequencyHoldout && monetaryValueHoldout) {
      const h = ledger.holdoutOccasions(slot);
      frequencyHoldout[i] = h;
      monetaryValueHoldout[i] = h > 0 ? ledger.holdoutSpend(slot) / h : 0;
    }
  }
  const columns: SummaryColumns =
    frequencyHoldout && monetaryValueHoldout
      ? { customerId, frequency, recency, T, monetaryValue, frequencyHoldout, monetaryValueHoldout, timeUnit }
      : { customerId, frequency, recency, T, monetaryValue, timeUnit };

  const day = dayFormatter();
  const orderCountOf = (slot: number) => (split ? ledger.calOrderCount(slot) : ledger.orderCount(slot));
  const lastDayOf = (slot: number) => (split ? ledger.calLastDay(slot) : ledger.lastDay(slot));
  const checkIndex = (where: string, i: number) => {
    if (!(Number.isInteger(i) && i >= 0 && i < n))
      throw new ClvValidationError(where, [makeIssue('i', `a whole number in [0, ${n - 1}]`, i)]);
  };
  let rfmColumns: SummaryRfmColumns | undefined;
  let revenue: Decimal | undefined;
  const makeRfmColumns = (): SummaryRfmColumns => {
    const c = {
      customerId,
      firstPurchaseDay: new Int32Array(n),
      lastPurchaseDay: new Int32Array(n),
      daysSinceLastPurchase: new Int32Array(n),
      orderCount: new Int32Array(n),
      totalSpend: new Float64Array(n),
      averageOrderValue: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      const slot = slots[i] as number;
      const last = lastDayOf(slot);
      const orders = orderCountOf(slot);
      const units = ledger.calUnits(slot);
      const spend = units >= 0 ? units / 10000 : ledger.calTotal(slot).toNumber();
      c.firstPurchaseDay[i] = ledger.firstDay(slot);
      c.lastPurchaseDay[i] = last;
      c.daysSinceLastPurchase[i] = windowEnd - last;
      c.orderCount[i] = orders;
      c.totalSpend[i] = spend;
      c.averageOrderValue[i] = spend / orders;
    }
    return c;
  };
  function customerRow(i: number): CustomerSummary {
    const slot = slots[i] as number;
    const orderCount = orderCountOf(slot);
    const totalSpend = ledger.calTotal(slot);
    const lastDay = lastDayOf(slot);
    return {
      customerId: customerId[i] as string | number,
      frequency: frequency[i] as number,
      recency: recency[i] as number,
      T: T[i] as number,
      monetaryValue: monetaryValue[i] as number,
      firstPurchase: day(ledger.firstDay(slot)),
      lastPurchase: day(lastDay),
      daysSinceLastPurchase: windowEnd - lastDay,
      orderCount,
      totalSpend,
      averageOrderValue: totalSpend.div(orderCount),
      ...(frequencyHoldout && monetaryValueHoldout
        ? {
            frequencyHoldout: frequencyHoldout[i] as number,
            monetaryValueHoldout: monetaryValueHoldout[i] as number,
            durationHoldout: (end - windowEnd) / unit,
          }
        : {}),
    };
  }
  let rows: CustomerSummary[] | undefined;
  return {
    get customers() {
      if (rows === undefined) rows = Array.from({ length: n }, (_, i) => customerRow(i));
      return rows;
    },
    customerAt(i: number) {
      checkIndex('customerAt', i);
      return rows?.[i] ?? customerRow(i);
    },
    columns,
    get revenue() {
      if (revenue === undefined) revenue = revenueOf(ledger, slots);
      return revenue;
    },
    get rfmColumns() {
      if (rfmColumns === undefined) rfmColumns = makeRfmColumns();
      return rfmColumns;
    },
    totalSpendTextAt(i: number) {
      checkIndex('totalSpendTextAt', i);
      const slot = slots[i] as number;
      const units = ledger.calUnits(slot);
      return units >= 0 ? tenThousandthsText(units) : ledger.calTotal(slot).toString();
    },
    cohortRetention(options: { readonly period?: Granularity } = {}) {
      return cohortsOfLedger(ledger, granularity, options.period);
    },
    averageOrderValueTextAt(i: number, places = 2) {
      checkIndex('averageOrderValueTextAt', i);
      if (!(Number.isInteger(places) && places >= 0 && places <= 4))
        throw new ClvValidationError('averageOrderValueTextAt', [
          makeIssue('places', 'a whole number from 0 to 4', places),
        ]);
      const slot = slots[i] as number;
      const units = ledger.calUnits(slot);
      const orders = orderCountOf(slot);
      return units >= 0
        ? tenThousandthsRatioText(units, orders, places)
        : roundMoney(ledger.calTotal(slot).div(orders), places).toFixed(places);
    },
    rowsRead,
    rowsUsed: rowsRead - rowsRejected,
    rowsRejected,
    customersLeftOut: ledger.size - n,
    rejected,
    observationEnd: formatDay(end),
    ...(split ? { calibrationEnd: formatDay(windowEnd) } : {}),
  };
}

/** Σ of the calibration-window spend of `slots`: whole ten-thousandths added as integers below 2^53. */
function revenueOf(ledger: CustomerLedger, slots: readonly number[]): Decimal {
  let total = new Decimal(0);
  let units = 0;
  for (const slot of slots) {
    const u = ledger.calUnits(slot);
    if (u < 0) total = total.add(ledger.calTotal(slot));
    else {
      if (units + u >= 2 ** 53) {
        total = total.add(new Decimal(units).mul(TEN_THOUSANDTH));
        units = 0;
      }
      units += u;
    }
  }
  return total.add(new Decimal(units).mul(TEN_THOUSANDTH));
}

const cohortPeriodRule = enumRule(TIME_UNITS);

/** `SummaryResult.cohortRetention`: each customer's occasions mapped to cohort periods, deduplicated, counted. */
function cohortsOfLedger(
  ledger: CustomerLedger,
  granularity: Granularity,
  requested: unknown,
): CohortRetention {
  const where = 'cohortRetention';
  const period = requested === undefined ? 'month' : cohortPeriodRule.convert(requested);
  if (period === undefined)
    throw new ClvValidationError(where, [makeIssue('period', cohortPeriodRule.expected, requested)]);
  const allowed = PERIODS_OF_WHOLE_GRAINS[granularity];
  if (!allowed.includes(period))
    throw new ClvValidationError(where, [
      makeIssue('period', `one of ${allowed.join(', ')} (periods made of whole ${granularity}s)`, period),
    ]);
  const counts = new CohortCounts();
  let scratch = new Int32Array(64);
  let m = 0;
  const visit = (grain: number) => {
    if (m === scratch.length) {
      const bigger = new Int32Array(m * 2);
      bigger.set(scratch);
      scratch = bigger;
    }
    scratch[m++] = period === granularity ? grain : grainOf(grainStart(grain, granularity), period);
  };
  for (let slot = 0; slot < ledger.size; slot++) {
    m = 0;
    ledger.forEachGrain(slot, visit);
    const grains = scratch.subarray(0, m).sort();
    let distinct = 0;
    for (let i = 0; i < m; i++)
      if (i === 0 || grains[i] !== grains[i - 1]) grains[distinct++] = grains[i] as number;
    counts.addCustomer(grains, distinct);
  }
  return counts.table(period);
}
