import { ClvValidationError, makeIssue } from '../errors.js';
import { Decimal, roundMoney } from '../money.js';
import { dayFormatter, formatDay, type Granularity, type TimeUnit } from './calendar.js';
import type {
  CustomerSummary,
  RejectedRow,
  ReturnsAccount,
  SummaryColumns,
  SummaryResult,
  SummaryRfmColumns,
} from './createSummarizer.js';
import type { CustomerFigures } from './customerFigures.js';
import { cohortsOfFigures, repeatsOfFigures } from './summaryCohorts.js';
import { TEN_THOUSANDTH, tenThousandthsRatioText, tenThousandthsText } from './tenThousandths.js';

/** What a finished summarizer hands over to build its result. */
export interface SummaryState {
  readonly figures: CustomerFigures;
  readonly granularity: Granularity;
  /** The unit of recency and T. */
  readonly timeUnit: TimeUnit;
  /** Whether there is a calibration split (holdout figures). */
  readonly split: boolean;
  /** The observation end and the calibration window's end (day numbers), and the time unit in days. */
  readonly end: number;
  readonly windowEnd: number;
  readonly unit: number;
  /** The customer id of a customer key. */
  readonly idOf: (key: number) => string | number;
  /** Whether the figures kept the purchase occasions (`SummarizeOptions.cohorts`). */
  readonly cohorts: boolean;
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly rejected: RejectedRow[];
  /** What happened to returns: undefined with `returns: 'reject'` (a return is a bad row). */
  readonly returns: ReturnsAccount | undefined;
}

/**
 * The result of a summarizer (see `SummaryResult`) read from its customers' figures: the models' columns at
 * once (customers whose first purchase is on or before the window's end), everything else — row objects,
 * RFM columns, the exact revenue, exact money text, cohorts — when first asked for.
 */
export function summaryResult(state: SummaryState): SummaryResult {
  const { figures, granularity, timeUnit, split, end, windowEnd, unit, idOf } = state;
  const n = figures.count;
  const customerId = new Array<string | number>(n);
  for (let i = 0; i < n; i++) customerId[i] = idOf(figures.key[i] as number);
  const { frequency, recency, T, monetaryValue, frequencyHoldout, monetaryValueHoldout } = figures;
  const columns: SummaryColumns =
    frequencyHoldout && monetaryValueHoldout
      ? { customerId, frequency, recency, T, monetaryValue, frequencyHoldout, monetaryValueHoldout, timeUnit }
      : { customerId, frequency, recency, T, monetaryValue, timeUnit };
  const netted = state.returns?.mode === 'net';

  const day = dayFormatter();
  const checkIndex = (where: string, i: number) => {
    if (!(Number.isInteger(i) && i >= 0 && i < n))
      throw new ClvValidationError(where, [makeIssue('i', `a whole number in [0, ${n - 1}]`, i)]);
  };
  /** Customer i's exact window spend. */
  const spendOf = (i: number): Decimal => {
    const units = figures.spendUnits[i] as number;
    return Number.isNaN(units)
      ? (figures.spendExact.get(i) as Decimal)
      : new Decimal(units).mul(TEN_THOUSANDTH);
  };
  let rfmColumns: SummaryRfmColumns | undefined;
  let revenue: Decimal | undefined;
  let returnRate: Float64Array | undefined;
  const makeRfmColumns = (): SummaryRfmColumns => {
    const c = {
      customerId,
      firstPurchaseDay: figures.firstDay,
      lastPurchaseDay: figures.lastDay,
      daysSinceLastPurchase: new Int32Array(n),
      orderCount: figures.orderCount,
      totalSpend: new Float64Array(n),
      averageOrderValue: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      const units = figures.spendUnits[i] as number;
      const spend = Number.isNaN(units) ? spendOf(i).toNumber() : units / 10000;
      c.daysSinceLastPurchase[i] = windowEnd - (figures.lastDay[i] as number);
      c.totalSpend[i] = spend;
      c.averageOrderValue[i] = spend / (figures.orderCount[i] as number);
    }
    return c;
  };
  const returnFigures = (i: number) => {
    const r = figures.returns.get(i);
    const gross = r?.grossSpend ?? spendOf(i);
    const returned = r?.returnedSpend ?? ZERO;
    return {
      grossSpend: gross,
      returnedSpend: returned,
      returnRate: gross.isZero() ? 0 : returned.div(gross).toNumber(),
    };
  };
  function customerRow(i: number): CustomerSummary {
    const orderCount = figures.orderCount[i] as number;
    const totalSpend = spendOf(i);
    const lastDay = figures.lastDay[i] as number;
    return {
      customerId: customerId[i] as string | number,
      frequency: frequency[i] as number,
      recency: recency[i] as number,
      T: T[i] as number,
      monetaryValue: monetaryValue[i] as number,
      firstPurchase: day(figures.firstDay[i] as number),
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
      ...(netted ? returnFigures(i) : {}),
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
      if (revenue === undefined) revenue = revenueOf(figures);
      return revenue;
    },
    get rfmColumns() {
      if (rfmColumns === undefined) rfmColumns = makeRfmColumns();
      return rfmColumns;
    },
    get returnRate() {
      if (!netted) return undefined;
      if (returnRate === undefined) {
        returnRate = new Float64Array(n);
        for (const [i, r] of figures.returns)
          if (!r.grossSpend.isZero()) returnRate[i] = r.returnedSpend.div(r.grossSpend).toNumber();
      }
      return returnRate;
    },
    totalSpendTextAt(i: number) {
      checkIndex('totalSpendTextAt', i);
      const units = figures.spendUnits[i] as number;
      return Number.isNaN(units) ? spendOf(i).toString() : tenThousandthsText(units);
    },
    cohortRetention(options: { readonly period?: Granularity } = {}) {
      return cohortsOfFigures(figures, granularity, options, state.cohorts);
    },
    repeatPurchasesByDay(options: { readonly period?: Granularity } = {}) {
      return repeatsOfFigures(figures, granularity, options, state.cohorts, windowEnd);
    },
    averageOrderValueTextAt(i: number, places = 2) {
      checkIndex('averageOrderValueTextAt', i);
      if (!(Number.isInteger(places) && places >= 0 && places <= 4))
        throw new ClvValidationError('averageOrderValueTextAt', [
          makeIssue('places', 'a whole number from 0 to 4', places),
        ]);
      const units = figures.spendUnits[i] as number;
      const orders = figures.orderCount[i] as number;
      return Number.isNaN(units)
        ? roundMoney(spendOf(i).div(orders), places).toFixed(places)
        : tenThousandthsRatioText(units, orders, places);
    },
    rowsRead: state.rowsRead,
    rowsUsed: state.rowsRead - state.rowsRejected,
    rowsRejected: state.rowsRejected,
    customersLeftOut: figures.customersLeftOut,
    rejected: state.rejected,
    observationEnd: formatDay(end),
    ...(split ? { calibrationEnd: formatDay(windowEnd) } : {}),
    ...(state.returns ? { returns: state.returns } : {}),
  };
}

const ZERO = new Decimal(0);

/** Σ of the summary customers' window spend: whole ten-thousandths added as integers below 2^53. */
function revenueOf(figures: CustomerFigures): Decimal {
  let total = new Decimal(0);
  let units = 0;
  for (let i = 0; i < figures.count; i++) {
    const u = figures.spendUnits[i] as number;
    if (Number.isNaN(u)) total = total.add(figures.spendExact.get(i) as Decimal);
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
