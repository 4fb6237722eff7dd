import { type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import { Decimal, type DecimalInput, toDecimal } from '../money.js';
import { guardedRead } from '../schemas/parse.js';
import { calendarDateRule, DAY_NUMBER_EXPECTED, formatDay, isDayNumber, parseDay } from './calendar.js';

/** One row of a rate table: on `date` (and after, until the next row), 1 `currency` = `rate` reporting currency. */
export interface ExchangeRate {
  readonly date: string | Date;
  readonly currency: string;
  readonly rate: DecimalInput;
}

/**
 * A table of exchange rates by date into one reporting currency: each currency's rates sorted by day. The
 * rate of an order is the one of the latest date on or before the order's day (so a table of month-start,
 * weekly or daily rates all work); an order before a currency's first rate has none.
 */
export interface ExchangeRateTable {
  /** The currency amounts are converted into: its own amounts are taken as they are (rate 1). */
  readonly reportingCurrency: string;
  /**
   * The rate of `currency` on or before `day` (a day number: a whole number of days since 1970-01-01 within
   * ±100,000,000, see `isDayNumber`) as an exact Decimal, 1 for the reporting currency; undefined when the
   * table has none that early (or no such currency). A `day` that is not a day number (NaN, 1.5, '2024-01-01')
   * is a `ClvValidationError` naming `day`.
   */
  rateOn(currency: string, day: number): Decimal | undefined;
}

const ONE = new Decimal(1);

/** A currency code: three letters (ISO 4217, compared upper-case) or another short name without blanks. */
const CURRENCY = /^[A-Za-z][A-Za-z0-9]{0,9}$/;

/** The rule of a currency code, one for the rate table, the order lines and the CLI. */
export function currencyCode(value: unknown): string | undefined {
  return typeof value === 'string' && CURRENCY.test(value.trim()) ? value.trim().toUpperCase() : undefined;
}

/** What `currencyCode` accepts, for messages. */
export const CURRENCY_EXPECTED = 'a currency code (letters and digits, e.g. EUR)';

/**
 * Builds an exchange-rate table from rows `{ date, currency, rate }` (a rates CSV read as rows): `rate` is the
 * price of one unit of `currency` in `reportingCurrency`, a positive exact amount (number, decimal text or
 * Decimal). Conversion is exact: amount × rate in Decimal, never a float (see `multiplyAmounts`). Two rows for
 * one currency and day are an error, as is a bad date, code or rate (a `ClvValidationError` naming the row).
 *
 * @example
 * const t = createExchangeRateTable([{ date: '2024-01-01', currency: 'EUR', rate: '0.86' }], 'GBP');
 * t.rateOn('EUR', dayFromCivil(2024, 3, 1))?.toString() === '0.86'; t.rateOn('GBP', 0)?.toString() === '1'
 */
export function createExchangeRateTable(
  rates: readonly ExchangeRate[],
  reportingCurrency: string,
): ExchangeRateTable {
  return guardedRead('createExchangeRateTable', 'rates', () => buildTable(rates, reportingCurrency));
}

function buildTable(rates: readonly ExchangeRate[], reportingCurrency: string): ExchangeRateTable {
  const where = 'createExchangeRateTable';
  const reporting = currencyCode(reportingCurrency);
  if (reporting === undefined)
    throw new ClvValidationError(where, [
      makeIssue('reportingCurrency', CURRENCY_EXPECTED, reportingCurrency),
    ]);
  if (!Array.isArray(rates))
    throw new ClvValidationError(where, [makeIssue('rates', 'an array of { date, currency, rate }', rates)]);
  const issues: ClvIssue[] = [];
  const byCurrency = new Map<string, { day: number; rate: Decimal }[]>();
  rates.forEach((row, i) => {
    if (issues.length >= 100) return;
    if (row === null || typeof row !== 'object') {
      issues.push(makeIssue(`rates[${i}]`, 'a { date, currency, rate } row', row, i));
      return;
    }
    const day = parseDay(row.date);
    const currency = currencyCode(row.currency);
    const rate = toDecimal(row.rate);
    if (day === undefined) issues.push(makeIssue(`rates[${i}].date`, calendarDateRule.expected, row.date, i));
    if (currency === undefined)
      issues.push(makeIssue(`rates[${i}].currency`, CURRENCY_EXPECTED, row.currency, i));
    if (rate === undefined || !rate.isPositive() || rate.isZero())
      issues.push(makeIssue(`rates[${i}].rate`, 'a rate above 0', row.rate, i));
    if (
      day === undefined ||
      currency === undefined ||
      rate === undefined ||
      !rate.isPositive() ||
      rate.isZero()
    )
      return;
    const list = byCurrency.get(currency) ?? [];
    list.push({ day, rate });
    byCurrency.set(currency, list);
  });
  for (const [currency, list] of byCurrency) {
    list.sort((a, b) => a.day - b.day);
    for (let k = 1; k < list.length; k++)
      if ((list[k] as { day: number }).day === (list[k - 1] as { day: number }).day && issues.length < 100)
        issues.push(
          makeIssue(
            'rates',
            `one rate per currency and date (${currency} has two on ${formatDay((list[k] as { day: number }).day)})`,
            currency,
          ),
        );
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return {
    reportingCurrency: reporting,
    rateOn(currency, day) {
      if (!isDayNumber(day))
        throw new ClvValidationError('ExchangeRateTable.rateOn', [
          makeIssue('day', DAY_NUMBER_EXPECTED, day),
        ]);
      const code = currencyCode(currency);
      if (code === reporting) return ONE;
      const list = code === undefined ? undefined : byCurrency.get(code);
      if (list === undefined || list.length === 0 || (list[0] as { day: number }).day > day) return undefined;
      let lo = 0;
      let hi = list.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((list[mid] as { day: number }).day <= day) lo = mid;
        else hi = mid - 1;
      }
      return (list[lo] as { rate: Decimal }).rate;
    },
  };
}
