import { Decimal } from '../money.js';
import { type Granularity, grainOf, grainStart } from './calendar.js';
import { netReturns } from './netReturns.js';
import { EXACT_REF } from './orderColumns.js';
import type { OrderRows } from './sortByCustomerDay.js';
import { MAX_TEXT_UNITS, TEN_THOUSANDTH } from './tenThousandths.js';

/** A customer's gross spend and returned value in the calibration window (customers with returns). */
export interface ReturnFigures {
  readonly grossSpend: Decimal;
  readonly returnedSpend: Decimal;
}

/**
 * Every customer's figures, read from the sorted log in one pass (`customerFigures`). Element i belongs to
 * summary customer i: those whose first purchase is on or before the window's end, in key order (keys are
 * given in the order of each customer's first accepted row).
 */
export interface CustomerFigures {
  readonly count: number;
  /** The customer key of each summary customer. */
  readonly key: Uint32Array;
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  readonly monetaryValue: Float64Array;
  readonly frequencyHoldout: Float64Array | undefined;
  readonly monetaryValueHoldout: Float64Array | undefined;
  /** First purchase day; last purchase day and orders within the window. */
  readonly firstDay: Int32Array;
  readonly lastDay: Int32Array;
  readonly orderCount: Int32Array;
  /** The window's exact spend in whole ten-thousandths, NaN when it is past 2^50 or not whole (see `spendExact`). */
  readonly spendUnits: Float64Array;
  /** The exact spend of the customers whose `spendUnits` is NaN. */
  readonly spendExact: ReadonlyMap<number, Decimal>;
  /** Gross and returned value of the summary customers who returned something (by index). */
  readonly returns: ReadonlyMap<number, ReturnFigures>;
  /** Customers with a purchase occasion whose first one is after the window's end. */
  readonly customersLeftOut: number;
  /** Customers whose every day was netted to nothing (returns: 'net'): no occasion, in no figure. */
  readonly customersWithoutPurchase: number;
  /** Σ of the return value that found no purchase to net against. */
  readonly unmatchedReturnValue: Decimal;
  /** Σ of every return's value (|amount|). */
  readonly returnedValue: Decimal;
  /** The distinct grains of every customer with an occasion (summary or left out), for cohorts: customer c's are occasionGrain[occasionStart[c] … occasionStart[c + 1]). */
  readonly occasionStart: Uint32Array;
  readonly occasionGrain: Int32Array;
}

/** What the pass needs to know besides the log. */
export interface FigureSettings {
  readonly granularity: Granularity;
  /** Whether there is a calibration split (holdout figures). */
  readonly split: boolean;
  /** The calibration end (day number; +∞ without a split) and the end of the window (calibration or observation end). */
  readonly calibrationEnd: number;
  readonly windowEnd: number;
  /** Days per time unit. */
  readonly unit: number;
  /** At least the number of distinct customers in the log (the per-customer columns are sized to it, then cut). */
  readonly customers: number;
  /** The purchase occasions to make room for at first (the rows, when they are all in memory); grown by doubling. */
  readonly occasions: number;
  /** Whether each customer's occasions are kept (`occasionStart`, `occasionGrain`; empty when not). */
  readonly keepOccasions: boolean;
}

const MAX_EXACT_UNITS = 2 ** 53;
const ZERO = new Decimal(0);

function plus(a: Decimal | undefined, b: Decimal): Decimal {
  return a === undefined ? b : a.add(b);
}

/** units (whole ten-thousandths) + rest as one Decimal. */
function exact(units: number, rest: Decimal | undefined): Decimal {
  const u = new Decimal(units).mul(TEN_THOUSANDTH);
  return rest === undefined ? u : u.add(rest);
}

/**
 * Reads every customer's figures from a log sorted by (customer, day) (see `sortByCustomerDay`) in one
 * linear pass, given as blocks in order with every row of a customer in one block (the whole sorted log as
 * one block, or the blocks of `mergeSortedRuns`), customer after customer: their rows are gathered into days (amounts summed exactly), returns
 * netted (`netReturns`) when some amount is negative, then the days walked once in order — orders, first
 * and last purchase days, distinct grains (purchase occasions) in and after the calibration window, and
 * exact spend per window, per first occasion and per holdout. Money is added as whole ten-thousandths while
 * a customer's amounts have at most four decimals and Σ|amount| stays below 2^53 units, else as Decimals,
 * so every figure is exact and independent of the order rows came in. Statistical figures are then one
 * float division of exact sums: monetaryValue = (Σ window-occasion spend − first occasion's) / repeats.
 *
 * @example
 * // see `summarizeColumns`, which sorts a log and summarizes it with this pass
 */
export function customerFigures(
  blocks: Iterable<OrderRows>,
  decimals: readonly Decimal[],
  settings: FigureSettings,
): CustomerFigures {
  const { granularity, split, calibrationEnd: cal, windowEnd, unit, customers, keepOccasions } = settings;

  // Per summary customer (c), and the occasions of every customer (o).
  const keyOf = new Uint32Array(customers);
  const frequency = new Float64Array(customers);
  const recency = new Float64Array(customers);
  const T = new Float64Array(customers);
  const monetaryValue = new Float64Array(customers);
  const frequencyHoldout = split ? new Float64Array(customers) : undefined;
  const monetaryValueHoldout = split ? new Float64Array(customers) : undefined;
  const firstDayOf = new Int32Array(customers);
  const lastDayOf = new Int32Array(customers);
  const ordersOf = new Int32Array(customers);
  const spendOf = new Float64Array(customers);
  const spendExactOf = new Map<number, Decimal>();
  const returnsOf = new Map<number, ReturnFigures>();
  const occasionStart = new Uint32Array(keepOccasions ? customers + 1 : 0);
  // At most one occasion per row: sized to the rows when they are in memory, trimmed at the end.
  let occasionGrain = new Int32Array(Math.max(1, settings.occasions));
  let occasions = 0;
  let leftOut = 0;
  let withoutPurchase = 0;
  let unmatchedTotal = ZERO;
  let returnedTotal = ZERO;

  // One customer's days, reused.
  let dDay = new Int32Array(64);
  let dUnits = new Float64Array(64);
  let dOrders = new Int32Array(64);
  const dRest: (Decimal | undefined)[] = [];
  let dKept = new Uint8Array(64);

  let c = 0;
  let o = 0;
  for (const block of blocks) {
    const { customer, day, units } = block;
    const n = customer.length;
    // Room for as many new occasions as the block has rows.
    if (keepOccasions && occasions + n > occasionGrain.length) {
      let size = occasionGrain.length;
      while (occasions + n > size) size *= 2;
      const bigger = new Int32Array(size);
      bigger.set(occasionGrain.subarray(0, occasions));
      occasionGrain = bigger;
    }
    let i = 0;
    while (i < n) {
      const key = customer[i] as number;
      let end = i + 1;
      while (end < n && customer[end] === key) end++;
      let days = 0;
      let absUnits = 0;
      let plain = true; // every amount whole ten-thousandths and ≥ 0
      let negativeUnits = false;
      for (let j = i; j < end; j++) {
        const u = units[j] as number;
        if (!(u >= 0 && u < EXACT_REF)) {
          plain = false; // a return, or a reference to a Decimal
          if (u < 0) negativeUnits = true;
        } else absUnits += u;
        const d = day[j] as number;
        if (days === 0 || dDay[days - 1] !== d) {
          if (days === dDay.length) {
            dDay = grownInt(dDay);
            dOrders = grownInt(dOrders);
            const bigger = new Float64Array(days * 2);
            bigger.set(dUnits);
            dUnits = bigger;
            const kept = new Uint8Array(days * 2);
            kept.set(dKept);
            dKept = kept;
          }
          dDay[days] = d;
          dUnits[days] = 0;
          dOrders[days] = 0;
          dRest[days] = undefined;
          dKept[days] = 1;
          days++;
        }
        if (u < EXACT_REF) dUnits[days - 1] = (dUnits[days - 1] as number) + u;
        dOrders[days - 1] = (dOrders[days - 1] as number) + 1;
      }
      let custReturns: ReturnFigures | undefined;
      // Purchases only, some of them exact Decimals (more than four decimals): the whole ten-thousandths stay
      // numbers in dUnits and only the Decimals are added, per day, in dRest. A negative Decimal (a return) or
      // a sum past 2^53 units takes the exact path below, which sets every day's dUnits and dRest anew.
      let decimalsAside = !plain && !negativeUnits && absUnits < MAX_EXACT_UNITS;
      if (decimalsAside)
        for (let j = i, k = -1; j < end; j++) {
          const d = day[j] as number;
          if (k < 0 || dDay[k] !== d) k++;
          const u = units[j] as number;
          if (u < EXACT_REF) continue;
          const amount = decimals[(u - EXACT_REF) / 2] as Decimal;
          if (amount.isNegative()) {
            decimalsAside = false;
            break;
          }
          dRest[k] = plus(dRest[k], amount);
        }
      if (!decimalsAside && (!plain || absUnits >= MAX_EXACT_UNITS)) {
        // The exact path: amounts as Decimals, returns netted.
        const purchases: Decimal[] = [];
        const returned: Decimal[] = [];
        let k = -1;
        let big = false;
        let hasReturn = false;
        for (let j = i; j < end; j++) {
          const d = day[j] as number;
          if (k < 0 || dDay[k] !== d) {
            k++;
            purchases[k] = ZERO;
            returned[k] = ZERO;
            dOrders[k] = 0;
          }
          const u = units[j] as number;
          const ref = u >= EXACT_REF;
          const amount = ref
            ? (decimals[(u - EXACT_REF) / 2] as Decimal)
            : new Decimal(u).mul(TEN_THOUSANDTH);
          if (ref) big = true;
          if (amount.isNegative()) {
            hasReturn = true;
            returned[k] = (returned[k] as Decimal).sub(amount);
          } else {
            purchases[k] = (purchases[k] as Decimal).add(amount);
            dOrders[k] = (dOrders[k] as number) + 1;
          }
        }
        let balance = purchases;
        if (hasReturn) {
          const netted = netReturns(dDay, purchases, returned, days, cal);
          balance = netted.balance;
          let gross = ZERO;
          let back = ZERO;
          for (let d = 0; d < days; d++) {
            if (netted.touched[d] === 1 && !(balance[d] as Decimal).gt(0)) dKept[d] = 0;
            returnedTotal = returnedTotal.add(returned[d] as Decimal);
            if ((dDay[d] as number) <= cal) {
              gross = gross.add(purchases[d] as Decimal);
              back = back.add(returned[d] as Decimal);
            }
          }
          unmatchedTotal = unmatchedTotal.add(netted.unmatched);
          custReturns = { grossSpend: gross, returnedSpend: back };
        }
        // Balances never exceed purchases, so Σ|units| bounds every sum below; Decimals or huge sums stay Decimals.
        const asUnits = !big && absUnits < MAX_EXACT_UNITS;
        for (let d = 0; d < days; d++) {
          const b = balance[d] as Decimal;
          if (asUnits) {
            dUnits[d] = b.div(TEN_THOUSANDTH).toNumber();
            dRest[d] = undefined;
          } else {
            dUnits[d] = 0;
            dRest[d] = b;
          }
        }
      }

      // Walk the days once, in order.
      let firstDay = 0;
      let lastDay = 0;
      let calLastDay = 0;
      let orders = 0;
      let calOrders = 0;
      let calUnits = 0;
      let calRest: Decimal | undefined;
      let grainUnits = 0;
      let grainRest: Decimal | undefined;
      let firstUnits = 0;
      let firstRest: Decimal | undefined;
      let holdUnits = 0;
      let holdRest: Decimal | undefined;
      let calOccasions = 0;
      let holdOccasions = 0;
      let firstGrain = 0;
      let lastCalGrain = 0;
      let prevGrain = 0;
      let inWindow = false;
      let any = false;
      if (keepOccasions) occasionStart[o] = occasions;
      for (let d = 0; d < days; d++) {
        if (dKept[d] === 0) continue;
        const dd = dDay[d] as number;
        const v = dUnits[d] as number;
        const rest = dRest[d];
        const o = dOrders[d] as number;
        if (!any) firstDay = dd;
        orders += o;
        lastDay = dd;
        if (dd <= cal) {
          calOrders += o;
          calLastDay = dd;
          calUnits += v;
          if (rest !== undefined) calRest = plus(calRest, rest);
        }
        const g = granularity === 'day' ? dd : grainOf(dd, granularity);
        if (!any || g !== prevGrain) {
          prevGrain = g;
          if (keepOccasions) occasionGrain[occasions++] = g;
          inWindow = (granularity === 'day' ? g : grainStart(g, granularity)) <= cal;
          if (inWindow) {
            if (calOccasions === 0) firstGrain = g;
            calOccasions++;
            lastCalGrain = g;
          } else holdOccasions++;
        }
        any = true;
        if (inWindow) {
          grainUnits += v;
          if (rest !== undefined) grainRest = plus(grainRest, rest);
          if (g === firstGrain) {
            firstUnits += v;
            if (rest !== undefined) firstRest = plus(firstRest, rest);
          }
        } else {
          holdUnits += v;
          if (rest !== undefined) holdRest = plus(holdRest, rest);
        }
      }
      if (!any) {
        withoutPurchase++;
        i = end;
        continue;
      }
      o++;
      if (keepOccasions) occasionStart[o] = occasions;
      if (firstDay > windowEnd) {
        leftOut++;
        i = end;
        continue;
      }
      keyOf[c] = key;
      const first = granularity === 'day' ? firstGrain : grainStart(firstGrain, granularity);
      const last = granularity === 'day' ? lastCalGrain : grainStart(lastCalGrain, granularity);
      const repeats = calOccasions - 1;
      frequency[c] = repeats;
      recency[c] = (last - first) / unit;
      T[c] = (windowEnd - first) / unit;
      monetaryValue[c] =
        repeats === 0
          ? 0
          : grainRest === undefined && firstRest === undefined
            ? (grainUnits - firstUnits) / (repeats * 10000)
            : exact(grainUnits, grainRest).sub(exact(firstUnits, firstRest)).div(repeats).toNumber();
      if (frequencyHoldout && monetaryValueHoldout) {
        frequencyHoldout[c] = holdOccasions;
        monetaryValueHoldout[c] =
          holdOccasions === 0
            ? 0
            : holdRest === undefined
              ? holdUnits / (holdOccasions * 10000)
              : exact(holdUnits, holdRest).div(holdOccasions).toNumber();
      }
      firstDayOf[c] = firstDay;
      lastDayOf[c] = split ? calLastDay : lastDay;
      ordersOf[c] = split ? calOrders : orders;
      if (calRest === undefined && calUnits <= MAX_TEXT_UNITS) spendOf[c] = calUnits;
      else {
        spendOf[c] = Number.NaN;
        spendExactOf.set(c, exact(calUnits, calRest));
      }
      if (custReturns !== undefined) returnsOf.set(c, custReturns);
      c++;
      i = end;
    }
  }

  const count = c;
  // Trimmed to the customers summarized: a copy only when some were left out.
  const cut = <A extends Float64Array | Int32Array | Uint32Array>(a: A): A =>
    a.length === count ? a : (a.slice(0, count) as A);
  return {
    count,
    key: cut(keyOf),
    frequency: cut(frequency),
    recency: cut(recency),
    T: cut(T),
    monetaryValue: cut(monetaryValue),
    frequencyHoldout: frequencyHoldout && cut(frequencyHoldout),
    monetaryValueHoldout: monetaryValueHoldout && cut(monetaryValueHoldout),
    firstDay: cut(firstDayOf),
    lastDay: cut(lastDayOf),
    orderCount: cut(ordersOf),
    spendUnits: cut(spendOf),
    spendExact: spendExactOf,
    returns: returnsOf,
    customersLeftOut: leftOut,
    customersWithoutPurchase: withoutPurchase,
    unmatchedReturnValue: unmatchedTotal,
    returnedValue: returnedTotal,
    occasionStart: keepOccasions ? occasionStart.slice(0, o + 1) : occasionStart,
    // A copy when that frees much; else a view (no copy of ~n grains).
    occasionGrain:
      occasions < occasionGrain.length / 2
        ? occasionGrain.slice(0, occasions)
        : occasionGrain.subarray(0, occasions),
  };
}

function grownInt(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
