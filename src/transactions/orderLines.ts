import { type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import { type DecimalInput, isDecimalText, toDecimal } from '../money.js';
import { customerIdRule } from '../schemas/customerId.js';
import { guardedRead } from '../schemas/parse.js';
import {
  addAmounts,
  isNegativeAmount,
  isZeroAmount,
  multiplyAmounts,
  negateAmount,
  parseSignedAmount,
  type SignedAmount,
  signedAmountText,
} from './amount.js';
import { calendarDateRule, formatDay, instantDayReader, parseDay } from './calendar.js';
import { CURRENCY_EXPECTED, currencyCode, type ExchangeRateTable } from './exchangeRates.js';

/** One open order of an `OrderBook`: what its lines have added up to so far. */
export interface BookedOrder<T> {
  /** The id its lines share. */
  readonly orderId: string | number;
  readonly customerId: string | number;
  /** The order's day: the earliest day among its lines (an order spanning days is dated when it began). */
  day: number;
  /** Σ of the lines' amounts (quantity × unit price, or the amount column), exact. */
  amount: SignedAmount;
  /** Σ of the lines' costs, exact (0 when there is no cost). */
  cost: SignedAmount;
  /** Σ of the lines' refunds, exact (0 when there is none): one return for the order (`refundReturn`). */
  refund: SignedAmount;
  /** The lines' currency (undefined when there is no currency). */
  currency: string | undefined;
  /** How many of its lines gave an amount (with `orderLevelFields`, a line may leave it to another). */
  amountLines: number;
  /** What the caller attached to each line (line numbers, texts), in the order added. */
  readonly lines: T[];
}

/** Why a line does not belong to its order: the field that differs, and the order (whose first line says what it should be). */
export interface LineConflict<T> {
  readonly field: 'customerId' | 'currency';
  readonly order: BookedOrder<T>;
}

/**
 * Invoice lines grouped into orders by order id: the lines of one order form one order, whose amount and
 * cost are their exact sums, dated by its earliest line's day. Every line of an order must name the same
 * customer and the same currency; a line that does not is refused (`add` returns the conflict) and the
 * order is left as it was. Lines of one order need not be consecutive.
 */
export interface OrderBook<T> {
  /**
   * Adds a line to its order (opening it); a conflict when the line's customer or currency differs. An
   * undefined amount: the line gives none (only with `orderLevelFields`). `refund`: the amount refunded on the
   * line (default 0).
   */
  add(
    orderId: string | number,
    customerId: string | number,
    day: number,
    amount: SignedAmount | undefined,
    cost: SignedAmount,
    currency: string | undefined,
    tag: T,
    refund?: SignedAmount,
  ): LineConflict<T> | undefined;
  /** The orders so far, in the order their first line came. */
  orders(): IterableIterator<BookedOrder<T>>;
  readonly size: number;
}

/**
 * Creates an empty `OrderBook` (see there). Memory grows with orders, not lines (plus what the caller tags
 * lines with). `orderLevelFields`: the order's amount and currency may be written on some of its lines only
 * (Shopify's orders export writes them on an order's first line and leaves them blank on the others): a line
 * with no currency takes its order's, and a line with no amount adds nothing (`amountLines` counts those that
 * gave one). Without it, "no currency" is a currency of its own and every line gives an amount.
 *
 * @example
 * const book = createOrderBook<number>();
 * book.add('536365', 17850, day, 153000, 0, undefined, 2); book.add('536365', 17850, day, 203400, 0, undefined, 3);
 * [...book.orders()][0].amount === 356400 // 15.30 + 20.34
 */
export function createOrderBook<T>(orderLevelFields = false): OrderBook<T> {
  const open = new Map<string | number, BookedOrder<T>>();
  return {
    add(orderId, customerId, day, amount, cost, currency, tag, refund = 0) {
      const order = open.get(orderId);
      const amountLines = amount === undefined ? 0 : 1;
      if (order === undefined) {
        open.set(orderId, {
          orderId,
          customerId,
          day,
          amount: amount ?? 0,
          cost,
          refund,
          currency,
          amountLines,
          lines: [tag],
        });
        return undefined;
      }
      if (order.customerId !== customerId) return { field: 'customerId', order };
      if (order.currency !== currency) {
        if (!orderLevelFields || (order.currency !== undefined && currency !== undefined))
          return { field: 'currency', order };
        order.currency ??= currency;
      }
      if (day < order.day) order.day = day;
      order.amountLines += amountLines;
      if (amount !== undefined) order.amount = addAmounts(order.amount, amount);
      order.cost = addAmounts(order.cost, cost);
      order.refund = addAmounts(order.refund, refund);
      order.lines.push(tag);
      return undefined;
    },
    orders: () => open.values(),
    get size() {
      return open.size;
    },
  };
}

/**
 * What an order's value is: its revenue (the amount), or its profit — the amount less its cost
 * (`{ basis: 'cost' }`, a cost per row or line) or the amount times a gross margin (`{ basis: 'margin',
 * margin }`, 0 < margin ≤ 1) — converted into the reporting currency when there is a rate table.
 */
export type ValueRule =
  | { readonly basis: 'revenue'; readonly rates?: ExchangeRateTable }
  | { readonly basis: 'cost'; readonly rates?: ExchangeRateTable }
  | { readonly basis: 'margin'; readonly margin: SignedAmount; readonly rates?: ExchangeRateTable };

/** An order's value, or why it has none (a negative profit, no rate). */
export type OrderValue =
  | { readonly value: SignedAmount }
  | { readonly field: 'cost' | 'currency'; readonly expected: string; readonly received: string };

/**
 * The value of one order (or one row) under a `ValueRule`, exactly: revenue = amount; profit = amount −
 * cost, or amount × margin; then × the rate of its currency on or before its day when there are rates.
 * A profit below 0 (a sale below cost) is refused, naming it, rather than passed on as a negative order;
 * an order in a currency the table has no rate for on or before its day is refused.
 *
 * @example orderValue({ amount: 1_000_000, cost: 600_000, currency: undefined, day: 0 }, { basis: 'cost' }) // { value: 400_000 }
 */
export function orderValue(
  order: {
    readonly amount: SignedAmount;
    readonly cost: SignedAmount;
    readonly currency: string | undefined;
    readonly day: number;
  },
  rule: ValueRule,
): OrderValue {
  let value = order.amount;
  if (rule.basis === 'cost') {
    value = addAmounts(order.amount, negateAmount(order.cost));
    if (isNegativeAmount(value) && !isNegativeAmount(order.amount))
      return {
        field: 'cost',
        expected: `a cost no greater than the amount ${signedAmountText(order.amount)} (profit = amount − cost is below 0)`,
        received: signedAmountText(order.cost),
      };
  } else if (rule.basis === 'margin') value = multiplyAmounts(order.amount, rule.margin);
  if (rule.rates !== undefined && order.currency !== undefined) {
    const rate = rule.rates.rateOn(order.currency, order.day);
    if (rate === undefined)
      return {
        field: 'currency',
        expected: `a currency with a rate into ${rule.rates.reportingCurrency} on or before ${formatDay(order.day)}`,
        received: order.currency,
      };
    value = multiplyAmounts(value, rate);
  }
  return { value };
}

/**
 * The return row of a refund (the amount refunded on an order or a row, ≥ 0): −refund, in the reporting
 * currency at its day's rate when there are rates (as the order's amount was); undefined for no refund. A refund
 * is netted against its order as a return on the order's day (exports give no refund date): the summarizer's
 * `returns: 'net'` rule (the CLI's --refund-col, `OrderLine.refund`). Revenue only: what a refund takes off a
 * profit is not in an export.
 *
 * @example refundReturn(105000, undefined, 0, { basis: 'revenue' }) // -105000 (a refund of 10.50)
 */
export function refundReturn(
  refund: SignedAmount,
  currency: string | undefined,
  day: number,
  rule: ValueRule,
): SignedAmount | undefined {
  if (isZeroAmount(refund)) return undefined;
  const v = orderValue({ amount: refund, cost: 0, currency, day }, rule);
  return 'value' in v ? negateAmount(v.value) : undefined;
}

/** A gross margin as `--profit-margin` and `groupOrderLines` take it: a number in (0, 1], exact. */
export function readMargin(value: unknown): SignedAmount | undefined {
  const d =
    typeof value === 'string' ? (isDecimalText(value) ? toDecimal(value) : undefined) : toDecimal(value);
  if (d === undefined || !d.isPositive() || d.isZero() || d.gt(1)) return undefined;
  return multiplyAmounts(d, 10_000);
}

/** What `readMargin` accepts, for messages. */
export const MARGIN_EXPECTED = 'a gross margin above 0 and at most 1 (0.3 for 30 %)';

/** One invoice line for `groupOrderLines`: an order id, its customer and date, and an amount or quantity × unit price. */
export interface OrderLine {
  readonly orderId: string | number;
  readonly customerId: string | number;
  readonly date: string | Date;
  /** The line's amount; or give quantity and unitPrice (with `orderLevelFields`, another line of the order may give it). */
  readonly amount?: DecimalInput;
  readonly quantity?: DecimalInput;
  readonly unitPrice?: DecimalInput;
  /** The line's cost (with `value: 'profit'` and no margin), in the line's currency. */
  readonly cost?: DecimalInput;
  /** The line's currency (with `rates`: converted into the table's reporting currency). */
  readonly currency?: string;
  /**
   * The amount refunded on the line, 0 or more (Stripe's `Amount Refunded`): its order's refunds are one return
   * on the order's day (`refundReturn`), so summarize with `returns: 'net'`. Revenue only.
   */
  readonly refund?: DecimalInput;
}

/** Options of `groupOrderLines`. */
export interface GroupOrderLinesOptions {
  /** IANA time zone of instants (Date objects, timestamps with a zone): see `parseDay` (default 'UTC'). */
  readonly timeZone?: string;
  /** Converts each order into the table's reporting currency at the rate on or before its day. */
  readonly rates?: ExchangeRateTable;
  /** Profit = amount × margin (0 < margin ≤ 1) instead of revenue. */
  readonly margin?: DecimalInput;
  /** 'revenue' (default) or 'profit': profit needs `margin` or a `cost` on every line. */
  readonly value?: 'revenue' | 'profit';
  /**
   * Whether an order's amount, currency and refund may be given on some of its lines only, as Shopify's orders
   * export writes them on an order's first line (the CLI's `--order-col` reads files so). A line may then leave
   * `amount`, `currency` or `refund` out (undefined or a blank string): it adds no amount and takes its order's
   * currency. An order none of whose lines gives an amount (or, when any line gives a currency, a currency) is
   * refused. Default false: every line gives its amount, and no currency is a currency of its own.
   */
  readonly orderLevelFields?: boolean;
}

/** The orders of `groupOrderLines`, ready for `summarizeTransactions`, and the lines refused. */
export interface GroupedOrders {
  /** One row per order: customerId, the order's day (`yyyy-MM-dd`) and its value as exact decimal text. */
  readonly transactions: { customerId: string | number; date: string; amount: string }[];
  /** What the amounts are: 'revenue' or 'profit'. */
  readonly value: 'revenue' | 'profit';
}

/**
 * The pre-step of the library for invoice-line exports (the CLI's --order-col, --quantity-col, --price-col,
 * --cost-col, --profit-margin, --currency-col, --rates and --refund-col): groups lines into orders and gives one
 * transaction per order for `summarizeTransactions` (and, for an order with refunds, a second: the return of
 * `refundReturn`, for `returns: 'net'`). Line amount = quantity × unitPrice (or `amount`), exactly; an order's
 * amount is the sum of its lines, its day the earliest line's day (see `createOrderBook`); its value is
 * revenue or profit, in the reporting currency (see `orderValue`). Orders whose value is negative (a
 * cancellation invoice) are passed on as they are, for the summarizer's rule on negative amounts. Every line
 * is checked; bad lines (no order id, a bad date or number, a line naming another customer or currency than
 * its order, mixed currencies without `rates`) throw one `ClvValidationError` listing them by index. With
 * `orderLevelFields`, a line may leave the amount, currency and refund to another line of its order.
 *
 * @example
 * groupOrderLines([
 *   { orderId: 'A1', customerId: 7, date: '2024-01-01', quantity: 6, unitPrice: '2.55' },
 *   { orderId: 'A1', customerId: 7, date: '2024-01-01', quantity: 2, unitPrice: '1.25' },
 * ]).transactions // [{ customerId: 7, date: '2024-01-01', amount: '17.8' }]
 */
export function groupOrderLines(
  lines: readonly OrderLine[],
  options: GroupOrderLinesOptions = {},
): GroupedOrders {
  return guardedRead('groupOrderLines', 'lines', () => groupChecked(lines, options));
}

function groupChecked(lines: readonly OrderLine[], options: GroupOrderLinesOptions): GroupedOrders {
  const where = 'groupOrderLines';
  const issues: ClvIssue[] = [];
  const optionIssue = (field: string, expected: string, value: unknown) =>
    new ClvValidationError(where, [makeIssue(`options.${field}`, expected, value)]);
  if (options === null || typeof options !== 'object') throw optionIssue('', 'an options object', options);
  const instantDay = instantDayReader(options.timeZone ?? 'UTC');
  if (instantDay === undefined)
    throw optionIssue('timeZone', "an IANA time zone such as 'Europe/London' or 'UTC'", options.timeZone);
  const value = options.value ?? (options.margin === undefined ? 'revenue' : 'profit');
  if (value !== 'revenue' && value !== 'profit')
    throw optionIssue('value', "'revenue' or 'profit'", options.value);
  const margin = options.margin === undefined ? undefined : readMargin(options.margin);
  if (options.margin !== undefined && margin === undefined)
    throw optionIssue('margin', MARGIN_EXPECTED, options.margin);
  if (value === 'revenue' && margin !== undefined)
    throw optionIssue('value', "'profit' with a margin (a margin makes the values profit)", options.value);
  const rule: ValueRule =
    margin !== undefined
      ? { basis: 'margin', margin, ...(options.rates ? { rates: options.rates } : {}) }
      : {
          basis: value === 'profit' ? 'cost' : 'revenue',
          ...(options.rates ? { rates: options.rates } : {}),
        };
  const orderLevel = options.orderLevelFields ?? false;
  if (typeof orderLevel !== 'boolean') throw optionIssue('orderLevelFields', 'true or false', orderLevel);
  if (!Array.isArray(lines))
    throw new ClvValidationError(where, [makeIssue('lines', 'an array of order lines', lines)]);
  const book = createOrderBook<number>(orderLevel);
  /** Whether a field is left to another line of its order (only with orderLevelFields). */
  const left = (v: unknown) => orderLevel && (v === undefined || (typeof v === 'string' && v.trim() === ''));
  const currencies = new Set<string>();
  const number = (v: unknown): SignedAmount | undefined =>
    typeof v === 'string' ? parseSignedAmount(v.trim()) : v === undefined ? undefined : signed(toDecimal(v));
  const issue = (i: number, field: string, expected: string, v: unknown) => {
    if (issues.length < 100) issues.push(makeIssue(`lines[${i}]${field ? `.${field}` : ''}`, expected, v, i));
  };
  const read = (line: OrderLine, i: number): void => {
    if (line === null || typeof line !== 'object') return void issue(i, '', 'an order line object', line);
    const { orderId, customerId } = line;
    if (customerIdRule.convert(orderId) === undefined)
      return void issue(i, 'orderId', 'an order id (a non-empty string or an integer)', orderId);
    if (customerIdRule.convert(customerId) === undefined)
      return void issue(i, 'customerId', customerIdRule.expected, customerId);
    const day = parseDay(line.date, instantDay);
    if (day === undefined) return void issue(i, 'date', calendarDateRule.expected, line.date);
    let amount: SignedAmount | undefined;
    if (line.quantity !== undefined || line.unitPrice !== undefined) {
      const q = number(line.quantity);
      const p = number(line.unitPrice);
      if (q === undefined) return void issue(i, 'quantity', 'a number', line.quantity);
      if (p === undefined) return void issue(i, 'unitPrice', 'a number', line.unitPrice);
      if (line.amount !== undefined)
        return void issue(i, 'amount', 'no amount beside quantity × unitPrice', line.amount);
      amount = multiplyAmounts(q, p);
    } else if (!left(line.amount)) {
      amount = number(line.amount);
      if (amount === undefined)
        return void issue(i, 'amount', 'an amount (or quantity and unitPrice)', line.amount);
    }
    let cost: SignedAmount = 0;
    if (rule.basis === 'cost') {
      const c = number(line.cost);
      if (c === undefined)
        return void issue(i, 'cost', "a cost (value: 'profit' without a margin)", line.cost);
      cost = c;
    }
    let refund: SignedAmount = 0;
    if (line.refund !== undefined && !left(line.refund)) {
      const r = number(line.refund);
      if (r === undefined || isNegativeAmount(r))
        return void issue(i, 'refund', 'the amount refunded, 0 or more', line.refund);
      if (rule.basis !== 'revenue')
        return void issue(
          i,
          'refund',
          "no refund with value 'profit' (what it takes off a profit is not known)",
          line.refund,
        );
      refund = r;
    }
    let currency: string | undefined;
    if (line.currency !== undefined && !left(line.currency)) {
      currency = currencyCode(line.currency);
      if (currency === undefined) return void issue(i, 'currency', CURRENCY_EXPECTED, line.currency);
      currencies.add(currency);
    }
    const conflict = book.add(orderId, customerId, day, amount, cost, currency, i, refund);
    if (conflict) {
      const first = conflict.order.lines[0] as number;
      const byCurrency = conflict.field === 'currency';
      issue(
        i,
        conflict.field,
        `${byCurrency ? (conflict.order.currency ?? 'no currency') : String(conflict.order.customerId)}, as lines[${first}] of order ${orderId} (one order, one customer and currency)`,
        byCurrency ? line.currency : customerId,
      );
    }
  };
  lines.forEach(read);
  if (options.rates === undefined && currencies.size > 1 && issues.length === 0)
    issues.push(
      makeIssue(
        'options.rates',
        `a rate table: the lines are in ${currencies.size} currencies (${[...currencies].join(', ')})`,
        undefined,
      ),
    );
  const transactions: GroupedOrders['transactions'] = [];
  for (const order of book.orders()) {
    const first = order.lines[0] as number;
    // With orderLevelFields, an order none of whose lines gives its amount (or its currency) has none.
    if (order.amountLines === 0) {
      issue(
        first,
        'amount',
        `an amount on one of the lines of its order (${order.lines.length} without)`,
        undefined,
      );
      continue;
    }
    if (order.currency === undefined && currencies.size > 0 && orderLevel) {
      issue(
        first,
        'currency',
        `a currency on one of the lines of its order (other orders give one)`,
        undefined,
      );
      continue;
    }
    const v = orderValue(order, rule);
    if (!('value' in v)) {
      issue(first, v.field, v.expected, v.received);
      continue;
    }
    const date = formatDay(order.day);
    transactions.push({ customerId: order.customerId, date, amount: signedAmountText(v.value) });
    const back = refundReturn(order.refund, order.currency, order.day, rule);
    if (back !== undefined)
      transactions.push({ customerId: order.customerId, date, amount: signedAmountText(back) });
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return { transactions, value };
}

function signed(d: ReturnType<typeof toDecimal>): SignedAmount | undefined {
  return d === undefined ? undefined : multiplyAmounts(d, 10_000);
}
