import { readFileSync } from 'node:fs';
import type { ClvIssue } from '../../errors.js';
import { formatDay } from '../../index.js';
import { customerIdRule } from '../../schemas/customerId.js';
import {
  isNegativeAmount,
  isZeroAmount,
  multiplyAmounts,
  parseSignedAmount,
  type SignedAmount,
  signedAmountText,
} from '../../transactions/amount.js';
import { type AmountFormat, compileAmountFormat, readAmountFormat } from '../../transactions/amountFormat.js';
import { blankFieldReason } from '../../transactions/blankFieldReason.js';
import { DEFAULT_TIME_ZONE, type InstantDayReader, instantDayReader } from '../../transactions/calendar.js';
import {
  CURRENCY_EXPECTED,
  createExchangeRateTable,
  currencyCode,
  type ExchangeRate,
} from '../../transactions/exchangeRates.js';
import {
  createOrderBook,
  MARGIN_EXPECTED,
  orderValue,
  readMargin,
  refundReturn,
  type ValueRule,
} from '../../transactions/orderLines.js';
import { CliInputError, CliUsageError } from '../command.js';
import { checkInputFile } from '../fileErrors.js';
import { type ColumnPlan, type ExtraRole, orderColumnHint } from './columns.js';
import { splitFields, splitPlainQuotes, trimField } from './fields.js';

type Values = Readonly<Record<string, string | boolean | undefined>>;

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The reading flags of real exports, validated (see `exportSettings`). */
export interface ExportSettings {
  /** Whether any row-level flag is given (then rows go through `createExportRows`, not the byte fast path). */
  readonly active: boolean;
  /** The extra columns to plan, by flag value. */
  readonly columns: Readonly<Partial<Record<ExtraRole, string>>>;
  /** The number format of amounts, prices, quantities and costs (undefined: plain decimal text). */
  readonly format: AmountFormat | undefined;
  /** The calendar day of an instant in --time-zone. */
  readonly instantDay: InstantDayReader;
  readonly timeZone: string;
  readonly rule: ValueRule;
  /** 'revenue' or 'profit': what the summaries' amounts are. */
  readonly value: 'revenue' | 'profit';
  /** The line printed on stderr saying what the amounts are (undefined when plain revenue). */
  readonly note: string | undefined;
  /** --reporting-currency, upper-case (undefined when not given). */
  readonly reportingCurrency: string | undefined;
  readonly hasRates: boolean;
  /** --zero-amounts skip: rows (lines) of amount 0 are left out, counted as 'zero amount'. */
  readonly skipZero: boolean;
  /**
   * Whether a currency column (named by --currency-col, or found by its name) is the only export feature: no
   * other column, format, margin, rates or skipped zeros, so a row in the log's one currency is a plain row.
   */
  readonly onlyCurrency: boolean;
  /** --only COLUMN=VALUE[,VALUE…]: the values a row's COLUMN must hold (trimmed) to be read; the others are left out. */
  readonly only: { readonly values: ReadonlySet<string>; readonly flag: string } | undefined;
}

/**
 * Checks the flags of real exports and reads the --rates file; throws the usage error of the first bad one
 * (a quantity without a price, an amount column beside them, two formats, a cost and a margin, rates
 * without a currency column or a reporting currency, an unknown time zone).
 */
export function exportSettings(values: Values): ExportSettings {
  const quantity = str(values['quantity-col']);
  const price = str(values['price-col']);
  if ((quantity === undefined) !== (price === undefined))
    throw new CliUsageError(
      `${quantity === undefined ? '--price-col' : '--quantity-col'}: give --quantity-col and --price-col together (line amount = quantity × unit price)`,
    );
  if (quantity !== undefined && str(values['amount-col']) !== undefined)
    throw new CliUsageError(
      '--amount-col: not with --quantity-col and --price-col, which give the amount (quantity × unit price)',
    );
  const sample = str(values['amount-format']);
  const separator = str(values['decimal-separator']);
  if (sample !== undefined && separator !== undefined)
    throw new CliUsageError(
      '--decimal-separator: not with --amount-format, whose sample already shows the decimal separator',
    );
  if (separator !== undefined && separator !== '.' && separator !== ',')
    throw new CliUsageError(`--decimal-separator: expected '.' or ',', received '${separator}'`);
  const format =
    sample !== undefined
      ? readAmountFormat(sample)
      : separator !== undefined
        ? readAmountFormat(`1234${separator}56`)
        : undefined;
  if (sample !== undefined && format === undefined)
    throw new CliUsageError(
      `--amount-format: expected the number 1234.56 written as the file writes it, e.g. '1,234.56', '1.234,56', '1 234,56', '1234,56', with a currency symbol if the file shows one ('$1,234.56', '1.234,56 €'); received '${sample}'`,
    );
  const costCol = str(values['cost-col']);
  const marginText = str(values['profit-margin']);
  if (costCol !== undefined && marginText !== undefined)
    throw new CliUsageError(
      '--profit-margin: not with --cost-col: profit is amount − cost or amount × margin, not both',
    );
  // predict's and report's --margin makes their CLV profit: with values already profit it would count twice.
  if (str(values.margin) !== undefined && (costCol !== undefined || marginText !== undefined))
    throw new CliUsageError(
      `--margin: not with ${costCol !== undefined ? '--cost-col' : '--profit-margin'}, which already makes the values profit (the margin would be applied twice)`,
    );
  // A refund column nets each row's (or order's) refund as a return on its day: the summarizer's net rule.
  const refundCol = str(values['refund-col']);
  const returnsMode = str(values.returns);
  if (refundCol !== undefined && returnsMode !== undefined && returnsMode !== 'net')
    throw new CliUsageError(
      `--returns ${returnsMode}: not with --refund-col, whose refunds are netted as returns (--returns net, its default)`,
    );
  if (refundCol !== undefined && (costCol !== undefined || marginText !== undefined))
    throw new CliUsageError(
      `--refund-col: not with ${costCol !== undefined ? '--cost-col' : '--profit-margin'} (what a refund takes off a profit is not in the file)`,
    );
  const amountNone = str(values['amount-col']) === 'none';
  if (amountNone && refundCol !== undefined)
    throw new CliUsageError('--refund-col: not with --amount-col none (refunds are netted against amounts)');
  if (amountNone && (costCol !== undefined || marginText !== undefined))
    throw new CliUsageError(
      `${costCol !== undefined ? '--cost-col' : '--profit-margin'}: not with --amount-col none (profit needs amounts)`,
    );
  const margin = marginText === undefined ? undefined : readMargin(marginText.trim());
  if (marginText !== undefined && margin === undefined)
    throw new CliUsageError(`--profit-margin: expected ${MARGIN_EXPECTED}, received '${marginText}'`);
  const timeZone = str(values['time-zone']) ?? DEFAULT_TIME_ZONE;
  const instantDay = instantDayReader(timeZone);
  if (!instantDay)
    throw new CliUsageError(
      `--time-zone: expected an IANA time zone such as Europe/London, America/New_York or UTC, received '${timeZone}'`,
    );
  // `--currency-col none`: no currency column (not even one found by its header name, see `planColumns`).
  const currencyFlag = str(values['currency-col']);
  const currencyCol = currencyFlag === 'none' ? undefined : currencyFlag;
  const ratesFile = str(values.rates);
  const reportingText = str(values['reporting-currency']);
  const reportingCurrency = reportingText === undefined ? undefined : currencyCode(reportingText);
  if (reportingText !== undefined && reportingCurrency === undefined)
    throw new CliUsageError(
      `--reporting-currency: expected ${CURRENCY_EXPECTED}, received '${reportingText}'`,
    );
  if (ratesFile !== undefined && currencyCol === undefined)
    throw new CliUsageError('--rates: give --currency-col too (the column naming each row’s currency)');
  if (ratesFile !== undefined && reportingCurrency === undefined)
    throw new CliUsageError('--rates: give --reporting-currency too (the currency the rates convert into)');
  if (reportingCurrency !== undefined && currencyCol === undefined)
    throw new CliUsageError(
      '--reporting-currency: give --currency-col too (the column naming each row’s currency)',
    );
  const rates = ratesFile === undefined ? undefined : readRatesFile(ratesFile, reportingCurrency as string);
  const withRates = rates ? { rates } : {};
  const rule: ValueRule =
    margin !== undefined
      ? { basis: 'margin', margin, ...withRates }
      : { basis: costCol !== undefined ? 'cost' : 'revenue', ...withRates };
  const value = rule.basis === 'revenue' ? 'revenue' : 'profit';
  const basis =
    rule.basis === 'cost'
      ? `profit = amount − cost (column ${costCol})`
      : rule.basis === 'margin'
        ? `profit = amount × margin ${marginText?.trim()}`
        : 'revenue';
  const note =
    rates !== undefined
      ? `values: ${basis}, in ${reportingCurrency} at the rate on or before each order's day (--rates ${ratesFile})\n`
      : rule.basis === 'revenue'
        ? undefined
        : `values: ${basis}\n`;
  const only = onlyFilter(str(values.only));
  const zero = str(values['zero-amounts']) ?? 'keep';
  if (zero !== 'keep' && zero !== 'skip')
    throw new CliUsageError(`--zero-amounts: expected keep or skip, received '${zero}'`);
  if (zero === 'skip' && amountNone) throw new CliUsageError('--zero-amounts: not with --amount-col none');
  const columns: Partial<Record<ExtraRole, string>> = {};
  if (quantity !== undefined) columns.quantity = quantity;
  if (price !== undefined) columns.price = price;
  if (str(values['order-col']) !== undefined) columns.order = str(values['order-col']) as string;
  if (currencyFlag !== undefined) columns.currency = currencyFlag;
  if (costCol !== undefined) columns.cost = costCol;
  if (refundCol !== undefined) columns.refund = refundCol;
  if (only !== undefined) columns.only = only.column;
  return {
    active:
      Object.keys(columns).length > (currencyFlag === 'none' ? 1 : 0) ||
      format !== undefined ||
      margin !== undefined ||
      zero === 'skip',
    columns,
    format,
    instantDay,
    timeZone,
    rule,
    value,
    note,
    reportingCurrency,
    hasRates: rates !== undefined,
    skipZero: zero === 'skip',
    onlyCurrency:
      Object.keys(columns).every((role) => role === 'currency') &&
      format === undefined &&
      margin === undefined &&
      zero !== 'skip' &&
      rates === undefined &&
      rule.basis === 'revenue',
    only: only === undefined ? undefined : { values: only.values, flag: only.flag },
  };
}

/**
 * Reads `--only COLUMN=VALUE[,VALUE…]`: the column (a name or 1-based position) and the values kept, each
 * trimmed. A value holding a comma is quoted as in a CSV line (`Status="Paid, in full",Refunded`, `""` for a
 * quote inside, the quote right after the `=` or the comma). A usage error when there is no `=`, no column, an
 * empty value, or quoting a CSV line could not have.
 *
 * @example onlyFilter('Status=Paid, Succeeded') // { column: 'Status', values: Set { 'Paid', 'Succeeded' }, flag: "--only 'Status=Paid, Succeeded'" }
 */
function onlyFilter(text: string | undefined) {
  if (text === undefined) return undefined;
  const eq = text.indexOf('=');
  const column = eq < 0 ? '' : text.slice(0, eq).trim();
  // Split as a CSV line is (`splitPlainQuotes`): a value in double quotes may hold commas.
  const list = eq < 0 ? '' : text.slice(eq + 1);
  const values = (list.includes('"') ? splitPlainQuotes(list, ',') : list.split(','))?.map(trimField);
  if (column === '' || values === undefined || values.length === 0 || values.includes(''))
    throw new CliUsageError(
      `--only: expected COLUMN=VALUE or COLUMN=VALUE,VALUE… (e.g. 'Status=Paid' for Stripe's payments export; a value with a comma in double quotes), received '${text}'`,
    );
  return { column, values: new Set(values), flag: `--only '${text}'` };
}

/**
 * Reads a --rates CSV: a header naming `date`, `currency` and `rate` (any order, any case; other columns
 * ignored), then one row per currency and date; dates `yyyy-MM-dd`, rates plain decimals (1 unit of the
 * currency = rate units of the reporting currency). A bad row is an input error naming its line.
 */
function readRatesFile(path: string, reportingCurrency: string) {
  checkInputFile(path);
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const header = splitFields(lines[0] ?? '', { kind: 'char', char: ',' });
  if (!Array.isArray(header)) throw new CliInputError(`${path}, line 1: unreadable header`);
  const names = header.map((h) => trimField(h).toLowerCase());
  const at = {
    date: names.indexOf('date'),
    currency: names.indexOf('currency'),
    rate: names.indexOf('rate'),
  };
  if (at.date < 0 || at.currency < 0 || at.rate < 0)
    throw new CliInputError(
      `${path}, line 1: expected a header with the columns date, currency and rate, found ${names.join(', ')}`,
    );
  const rows: ExchangeRate[] = [];
  const lineOf: number[] = [];
  lines.slice(1).forEach((line, k) => {
    if (line.trim() === '') return;
    const f = splitFields(line, { kind: 'char', char: ',' });
    if (!Array.isArray(f) || f.length !== header.length)
      throw new CliInputError(`${path}, line ${k + 2}: expected ${header.length} fields`);
    rows.push({
      date: trimField(f[at.date] as string),
      currency: trimField(f[at.currency] as string),
      rate: trimField(f[at.rate] as string),
    });
    lineOf.push(k + 2);
  });
  if (rows.length === 0) throw new CliInputError(`${path}: no rates after the header`);
  try {
    return createExchangeRateTable(rows, reportingCurrency);
  } catch (e) {
    const issue = (e as { issues?: ClvIssue[] }).issues?.[0];
    if (!issue) throw e;
    const line = issue.row === undefined ? '' : `, line ${lineOf[issue.row]}`;
    throw new CliInputError(`${path}${line}: ${issue.message.replace(/^rates(\[\d+\])?\.?/, '')}`);
  }
}

/** Why a row was rejected, the kinds this reader adds to the account. */
export type ExportRejectKind =
  | 'amount'
  | 'quantity'
  | 'price'
  | 'cost'
  | 'refund'
  | 'currency'
  | 'order'
  | 'customer id'
  | 'filtered';

/** What `createExportRows` needs from the file reader. */
export interface ExportHooks {
  readonly where: string;
  reject(lineNo: number, text: string, reason: string, kind: string): void;
  /** Counts a row left out as a flag asked (in the account and --rejects, never an error). */
  leaveOut(lineNo: number, text: string, reason: string, kind: string): void;
  keyOf(rawId: string): string | number;
  labelOf(key: string | number): string | number;
  /**
   * Adds one order or row to the summarizer; false when the core rejected it. `lines`: an order's line numbers
   * (its first, then the rest), which its row in the core stands for.
   */
  add(key: string | number, day: number, amount: string | undefined, lines?: readonly number[]): boolean;
  /**
   * Adds a refund as a return row of the customer on that day (its line was counted with the purchase it nets
   * against, added just before); false when the core rejected it.
   */
  addReturn(key: string | number, day: number, amount: string): boolean;
  /** The core's issue with the row it just rejected. */
  lastIssue(): ClvIssue | undefined;
  /** Reports the row the core just rejected (a row of its own, not an order). */
  coreRejected(
    lineNo: number,
    text: string,
    rawId: string,
    rawDate: string,
    amount: string | undefined,
  ): void;
  /** Whether line texts are kept for --rejects. */
  readonly keepText: boolean;
}

/** A line of an open order: its number and (with --rejects) its text. */
interface LineTag {
  readonly line: number;
  readonly text: string;
  /** Whether the line left its order's amount, currency or refund to another line. */
  readonly left: boolean;
}

/**
 * The row reader of real exports: reads a row's amount (quantity × unit price, or the amount column, each
 * through --amount-format), cost and currency, and either passes the row's value to the summarizer or, with
 * --order-col, adds it to its order; `finish` passes the orders on. Every row is used or rejected with its
 * line and reason; an order the summarizer refuses (a cancellation whose total is negative) rejects each of
 * its lines, so the account still counts physical lines.
 */
export function createExportRows(settings: ExportSettings, plan: ColumnPlan, hooks: ExportHooks) {
  const { extra } = plan;
  const read = settings.format ? compileAmountFormat(settings.format) : undefined;
  const formatWords = settings.format ? ` written like ${settings.format.sample}` : '';
  // Orders' amount and currency may be written on one of their lines only (Shopify's export): see createOrderBook.
  const book = extra.order ? createOrderBook<LineTag>(true) : undefined;
  /** Lines of an order that left its amount or currency to another of its lines. */
  let orderLevelBlanks = 0;
  let firstCurrency: { code: string; line: number } | undefined;
  /** The currency field's text (trimmed) of the first row that passed `checkCurrency`. */
  let plainSpelling: string | undefined;
  // A currency column found by its header name, not named by --currency-col (see `planColumns`).
  const foundByName = extra.currency !== undefined && settings.columns.currency === undefined;
  /** --only: the rows (lines) left out, by the value they held, for the note. */
  const filteredBy = new Map<string, number>();
  /** --only with --order-col: the orders one of whose lines holds a kept value (the others may leave it blank). */
  const keptOrders = new Set<string>();
  /** --only with --order-col: the orders left out by a line's value, with that line and value (by order id). */
  const filteredOrders = new Map<string, { readonly line: number; readonly value: string }>();
  const only = settings.only && extra.only ? { ...settings.only, ...extra.only } : undefined;
  /** Rows left out whose value is not listed: past `MAX_LISTED_VALUES` distinct values (a column of ids, say). */
  let unlisted = 0;
  /** --only: the values kept that some row held (a value no row holds is named in the note: `paid` for `Paid`). */
  const held = new Set<string>();
  const leaveOutFiltered = (lineNo: number, text: string, reason: string, value: string) => {
    const n = filteredBy.get(value);
    if (n !== undefined || filteredBy.size < MAX_LISTED_VALUES) filteredBy.set(value, (n ?? 0) + 1);
    else unlisted++;
    hooks.leaveOut(lineNo, text, `${reason}, left out (${only?.flag})`, 'filtered');
  };

  /**
   * --only: whether the row is left out (in the account as 'filtered', never an error) because its column holds
   * none of the values kept — judged before any other field, so that a failed payment with no customer or
   * amount is left out rather than rejected. With --order-col a blank value is the order's (see `finish`).
   */
  const leftOut = (fields: readonly string[], lineNo: number, text: string): boolean => {
    if (only === undefined) return false;
    const value = trimField(fields[only.index] as string);
    if (only.values.has(value)) {
      if (held.size < only.values.size) held.add(value);
      return false;
    }
    const orderId = extra.order ? trimField(fields[extra.order.index] as string) : '';
    if (value === '' && book !== undefined) {
      // A line leaving the value to its order: left out with an order already left out, else judged in `finish`.
      const order = filteredOrders.get(orderId);
      if (order === undefined) return false;
      leaveOutFiltered(
        lineNo,
        text,
        `column ${only.name}: blank on a line of the order of line ${order.line}, which holds '${order.value}'`,
        order.value,
      );
      return true;
    }
    if (book !== undefined && orderId !== '' && !filteredOrders.has(orderId))
      filteredOrders.set(orderId, { line: lineNo, value });
    leaveOutFiltered(lineNo, text, `column ${only.name}: '${value}' is not one of the values kept`, value);
    return true;
  };

  /** A number field read through the format: the amount, or a rejection (and undefined). */
  const number = (
    fields: readonly string[],
    index: number,
    name: string,
    kind: ExportRejectKind,
    lineNo: number,
    text: string,
  ): SignedAmount | undefined => {
    const raw = trimField(fields[index] as string);
    if (raw === '') {
      // An order-level field (the amount, the refund) left blank: perhaps a later line of an order.
      const hint = kind === 'amount' || kind === 'refund' ? orderColumnHint(plan) : '';
      hooks.reject(
        lineNo,
        text,
        blankFieldReason(name, kind === 'amount' ? 'an amount' : `a ${kind}`, hint),
        kind,
      );
      return undefined;
    }
    const plain = read ? read(raw) : raw;
    const parsed = plain === undefined ? undefined : parseSignedAmount(plain);
    if (parsed === undefined)
      hooks.reject(
        lineNo,
        text,
        `column ${name}: expected ${kind === 'amount' ? 'an amount' : `a ${kind}`}${formatWords || ' (a plain decimal such as 1234.56; see --amount-format)'}, received '${raw}'`,
        kind,
      );
    return parsed;
  };

  const row = (
    fields: readonly string[],
    lineNo: number,
    text: string,
    rawId: string,
    rawDate: string,
    day: number,
  ) => {
    if (rawId === '') {
      hooks.reject(
        lineNo,
        text,
        `column ${plan.names.customer}: expected ${customerIdRule.expected}, received ''`,
        'customer id',
      );
      return;
    }
    let amount: SignedAmount | undefined;
    // A line of an order may leave the amount column blank when another line of the order gives it.
    const amountLeft =
      book !== undefined && plan.amount >= 0 && !extra.quantity && blankField(fields, plan.amount);
    if (amountLeft) {
      // no amount on this line: the order's is on another (checked when the orders are passed on)
    } else if (extra.quantity && extra.price) {
      const q = number(fields, extra.quantity.index, extra.quantity.name, 'quantity', lineNo, text);
      if (q === undefined) return;
      const p = number(fields, extra.price.index, extra.price.name, 'price', lineNo, text);
      if (p === undefined) return;
      amount = multiplyAmounts(q, p);
    } else if (plan.amount >= 0) {
      amount = number(fields, plan.amount, plan.names.amount, 'amount', lineNo, text);
      if (amount === undefined) return;
    }
    if (settings.skipZero && amount !== undefined && isZeroAmount(amount)) {
      hooks.leaveOut(
        lineNo,
        text,
        `column ${plan.names.amount}: an amount of 0, left out (--zero-amounts skip)`,
        'zero amount',
      );
      return;
    }
    let cost: SignedAmount = 0;
    if (extra.cost) {
      const c = number(fields, extra.cost.index, extra.cost.name, 'cost', lineNo, text);
      if (c === undefined) return;
      cost = c;
    }
    let refund: SignedAmount = 0;
    const refundLeft =
      book !== undefined && extra.refund !== undefined && blankField(fields, extra.refund.index);
    if (extra.refund && !refundLeft) {
      const r = number(fields, extra.refund.index, extra.refund.name, 'refund', lineNo, text);
      if (r === undefined) return;
      if (isNegativeAmount(r)) {
        hooks.reject(
          lineNo,
          text,
          `column ${extra.refund.name}: expected the amount refunded, 0 or more, received '${trimField(fields[extra.refund.index] as string)}'`,
          'refund',
        );
        return;
      }
      refund = r;
    }
    let currency: string | undefined;
    const currencyLeft =
      book !== undefined && extra.currency !== undefined && blankField(fields, extra.currency.index);
    if (extra.currency && !currencyLeft) {
      const raw = trimField(fields[extra.currency.index] as string);
      currency = currencyCode(raw);
      if (currency === undefined) {
        hooks.reject(
          lineNo,
          text,
          `column ${extra.currency.name}: expected ${CURRENCY_EXPECTED}, received '${raw}'${foundByName ? ' (the column was found by its name; --currency-col none reads no currency)' : ''}`,
          'currency',
        );
        return;
      }
      checkCurrency(currency, lineNo, extra.currency.name);
      // The log's one currency as the file writes it (Stripe: 'usd'), for the byte fast path's plain rows.
      plainSpelling ??= raw;
    }
    const key = hooks.keyOf(rawId);
    if (book && extra.order) {
      const orderId = trimField(fields[extra.order.index] as string);
      if (orderId === '') {
        hooks.reject(lineNo, text, blankFieldReason(extra.order.name, 'an order id'), 'order');
        return;
      }
      if (only?.values.has(trimField(fields[only.index] as string))) keptOrders.add(orderId);
      const conflict = book.add(
        orderId,
        key,
        day,
        amountLeft ? undefined : (amount ?? 0),
        cost,
        currency,
        {
          line: lineNo,
          text: hooks.keepText ? text : '',
          left: amountLeft || currencyLeft || refundLeft,
        },
        refund,
      );
      if (conflict) {
        const byCurrency = conflict.field === 'currency';
        const expected = byCurrency
          ? `${conflict.order.currency ?? '(none)'}, the currency of the order's first line ${conflict.order.lines[0]?.line}`
          : `${String(hooks.labelOf(conflict.order.customerId))}, the customer of the order's first line ${conflict.order.lines[0]?.line}`;
        hooks.reject(
          lineNo,
          text,
          `column ${byCurrency ? extra.currency?.name : plan.names.customer}: expected ${expected} (one order, one customer and currency), received '${byCurrency ? currency : rawId}'`,
          'order',
        );
      } else if (amountLeft || currencyLeft || refundLeft) orderLevelBlanks++;
      return;
    }
    const v = orderValue({ amount: amount ?? 0, cost, currency, day }, settings.rule);
    if (!('value' in v)) {
      const column = v.field === 'cost' ? extra.cost?.name : extra.currency?.name;
      hooks.reject(
        lineNo,
        text,
        `column ${column}: expected ${v.expected}, received '${v.received}'`,
        v.field,
      );
      return;
    }
    const amountText = amount === undefined ? undefined : signedAmountText(v.value);
    if (!hooks.add(key, day, amountText)) hooks.coreRejected(lineNo, text, rawId, rawDate, amountText);
    else addRefund(key, day, refund, currency);
  };

  /**
   * A row's or order's refund, netted as a return on its day (`refundReturn`). Its amount passed the bounds its
   * purchase passed and its day is the purchase's, which the core kept: the core keeps it too.
   */
  const addRefund = (
    key: string | number,
    day: number,
    refund: SignedAmount,
    currency: string | undefined,
  ) => {
    const back = refundReturn(refund, currency, day, settings.rule);
    if (back !== undefined) hooks.addReturn(key, day, signedAmountText(back));
  };

  /** Without --rates, a second currency cannot be added to the first: refused, naming both. */
  const checkCurrency = (code: string, lineNo: number, column: string) => {
    if (settings.hasRates) return;
    const expected = settings.reportingCurrency ?? firstCurrency?.code;
    if (expected === undefined) {
      firstCurrency = { code, line: lineNo };
      return;
    }
    if (code !== expected)
      throw new CliInputError(
        `${hooks.where}, line ${lineNo}: column ${column}: amounts in ${code} and ${expected}${firstCurrency ? ` (from line ${firstCurrency.line})` : ' (--reporting-currency)'} cannot be added without exchange rates; give ${settings.columns.currency === undefined ? `--currency-col '${column}' ` : ''}--rates FILE (columns date,currency,rate) and --reporting-currency`,
      );
  };

  /** Passes the orders to the summarizer (with --order-col); each line of an order refused is rejected. */
  const finish = () => {
    if (!book) return;
    for (const order of book.orders()) {
      const v = orderValue(order, settings.rule);
      let reason: string | undefined;
      let kind = 'amount';
      const amountText = 'value' in v ? signedAmountText(v.value) : undefined;
      const first = order.lines[0] as LineTag;
      const orderName = `order of line ${first.line}${order.lines.length > 1 ? ` (${order.lines.length} lines)` : ''}`;
      if (only !== undefined && !keptOrders.has(order.orderId as string)) {
        // --only: none of the order's lines (left here) holds a value kept: the order's value was blank.
        for (const l of order.lines)
          leaveOutFiltered(
            l.line,
            l.text,
            `${orderName}: column ${only.name}: no line holds a value kept`,
            '',
          );
        continue;
      }
      // An order none of whose lines gives the amount (or the currency) has none.
      const missing =
        plan.amount >= 0 && !extra.quantity && order.amountLines === 0
          ? { name: plan.names.amount, what: 'an amount', kind: 'amount' }
          : extra.currency && order.currency === undefined
            ? { name: extra.currency.name, what: 'a currency code', kind: 'currency' }
            : undefined;
      if (missing) {
        reason = `${orderName}: column ${missing.name}: expected ${missing.what} on one of its lines, received blanks`;
        kind = missing.kind;
      } else if (!('value' in v)) {
        const column = v.field === 'cost' ? extra.cost?.name : extra.currency?.name;
        reason = `${orderName}: column ${column}: expected ${v.expected}, received '${v.received}'`;
        kind = v.field;
      } else if (
        !hooks.add(
          order.customerId,
          order.day,
          plan.amount < 0 && !extra.quantity ? undefined : amountText,
          order.lines.map((l) => l.line),
        )
      ) {
        const issue = hooks.lastIssue();
        const field = issue?.path.split('.').pop();
        const received =
          field === 'date' ? formatDay(order.day) : field === 'amount' ? amountText : order.customerId;
        kind = field === 'customerId' ? 'customer id' : field === 'amount' ? 'amount' : 'implausible date';
        reason = `${orderName}: ${field === 'amount' ? `total ${plan.names.amount}` : field === 'date' ? `column ${plan.names.date}` : `column ${plan.names.customer}`}: expected ${issue?.expected.replace('observationEnd', '--observation-end')}, received '${received}'`;
      } else addRefund(order.customerId, order.day, order.refund, order.currency);
      if (reason !== undefined)
        for (const l of order.lines) {
          if (l.left) orderLevelBlanks--; // rejected with its order: not used
          hooks.reject(l.line, l.text, reason, kind);
        }
    }
  };

  /**
   * The stderr line saying how many lines of orders left the amount or currency to another of their lines (so
   * that a blank in a column of line amounts is never summed as nothing unseen); '' when none did.
   */
  const note = () =>
    (orderLevelBlanks === 0
      ? ''
      : `orders: ${orderLevelBlanks.toLocaleString('en-US')} line${orderLevelBlanks === 1 ? '' : 's'} left the ${extra.refund ? 'amount, currency or refund' : 'amount or currency'} blank, given on another line of the same order (an order-level field, as in Shopify's export)\n`) +
    filteredNote();

  /**
   * `only: 3 rows left out (Status: Failed 2, Refunded 1)`: what --only left out, by value, most first; then the
   * values kept that no row holds (`only: no row holds Status=paid (compared exactly, case as written: Paid was left
   * out)`), so that a value spelt otherwise than the file spells it is never silent ('' when there is nothing to
   * say).
   */
  const filteredNote = () => {
    if (only === undefined) return '';
    const missing = [...only.values].filter((v) => !held.has(v)).map((v) => missingValueNote(only.name, v));
    if (filteredBy.size === 0) return missing.join('');
    let total = unlisted;
    for (const n of filteredBy.values()) total += n;
    const byValue = [...filteredBy].sort((a, b) => b[1] - a[1]);
    const listed = byValue
      .slice(0, 5)
      .map(([v, n]) => `${v === '' ? '(blank)' : v} ${n.toLocaleString('en-US')}`)
      .join(', ');
    const others = byValue.length - 5;
    const more =
      unlisted > 0
        ? `, more than ${others.toLocaleString('en-US')} other values`
        : others > 0
          ? `, ${others.toLocaleString('en-US')} other value${others === 1 ? '' : 's'}`
          : '';
    return `only: ${total.toLocaleString('en-US')} ${book ? 'line' : 'row'}${total === 1 ? '' : 's'} left out (${only.name}: ${listed}${more})\n${missing.join('')}`;
  };

  /** The note for a value kept that no row holds, naming the values left out that differ from it only in case. */
  const missingValueNote = (name: string, value: string) => {
    const folded = value.toLowerCase();
    const alike = [...filteredBy.keys()].filter((v) => v.toLowerCase() === folded);
    return `only: no row holds ${name}=${value}${alike.length > 0 ? ` (compared exactly, case as written: ${alike.join(', ')} ${alike.length === 1 ? 'was' : 'were'} left out)` : ''}\n`;
  };

  /** The amounts' currency: the reporting currency with rates, else the log's one currency (none read: undefined). */
  const currency = () => (extra.currency ? (settings.reportingCurrency ?? firstCurrency?.code) : undefined);

  /**
   * The currency field a row must hold to be read by the byte fast path as a plain row: the log's one currency
   * as the first row that gave it writes it (`USD`, or Stripe's `usd`: the same text is the same currency), when
   * the currency column is the only export feature (no rates, orders, format, cost, margin, refunds or skipped
   * zeros) — such a row's amount passes as it is. Undefined otherwise: every row comes here.
   */
  const plainCurrency = () =>
    settings.onlyCurrency && extra.currency !== undefined && plan.amount >= 0 ? plainSpelling : undefined;

  return { row, leftOut, finish, note, currency, plainCurrency };
}

/** The distinct values --only's note counts one by one (memory stays bounded whatever the column holds). */
const MAX_LISTED_VALUES = 1000;

/** Whether field `index` of a line is blank (after the reader's trimming). */
function blankField(fields: readonly string[], index: number): boolean {
  return trimField(fields[index] as string) === '';
}
