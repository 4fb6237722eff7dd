import { describe, expect, it } from 'vitest';
import {
  ClvValidationError,
  createExchangeRateTable,
  formatDay,
  groupOrderLines,
  instantDayReader,
  parseDay,
  summarizeTransactions,
} from '../../src/index.js';
import { dayFromCivil } from '../../src/transactions/calendar.js';

/** The issues of the ClvValidationError `f` throws: where, and each issue's path. */
function refusal(f: () => unknown): { where: string; paths: string[]; messages: string[] } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ClvValidationError);
    const error = e as ClvValidationError;
    return {
      where: error.where,
      paths: error.issues.map((i) => i.path),
      messages: error.issues.map((i) => i.message),
    };
  }
  return expect.unreachable('no error');
}

// The first and last instants a Date holds (±8.64e15 ms) are days ±100,000,000 in UTC; in New York the first
// falls on day −100,000,001, a day no writer prints (formatDay's bound).
const FIRST_INSTANT = new Date(-8.64e15);
const LAST_INSTANT = new Date(8.64e15);

describe('a day read from an instant stays within formatDay’s range', () => {
  it('parseDay refuses the first instant of a Date in New York, and dates the ones it can print', () => {
    const newYork = instantDayReader('America/New_York');
    expect(parseDay(FIRST_INSTANT, newYork)).toBeUndefined();
    expect(parseDay(new Date(-8.64e15 + 5 * 3_600_000), newYork)).toBe(-100_000_000);
    expect(formatDay(parseDay(LAST_INSTANT, newYork) as number)).toBe('275760-09-12');
    expect(parseDay(FIRST_INSTANT)).toBe(-100_000_000);
    expect(parseDay(LAST_INSTANT)).toBe(100_000_000);
    expect(parseDay(LAST_INSTANT, instantDayReader('Asia/Tokyo'))).toBe(100_000_000);
  });

  it('a caller’s own reader that returns a day out of range dates nothing', () => {
    expect(parseDay('2024-01-01T00:00Z', () => 100_000_001)).toBeUndefined();
    expect(parseDay(new Date(0), () => -100_000_001)).toBeUndefined();
    expect(parseDay(new Date(0), () => 100_000_000)).toBe(100_000_000);
  });

  it('summarizeTransactions names the row’s date instead of failing in formatDay', () => {
    const refused = refusal(() =>
      summarizeTransactions(
        [
          { customerId: 1, date: '2024-01-01', amount: 5 },
          { customerId: 1, date: FIRST_INSTANT, amount: 1 },
        ],
        { timeZone: 'America/New_York' },
      ),
    );
    expect(refused.where).toBe('summarizeTransactions');
    expect(refused.paths).toEqual(['transactions[1].date']);
  });

  it('groupOrderLines names the line’s date instead of failing in formatDay', () => {
    const refused = refusal(() =>
      groupOrderLines([{ orderId: 'A', customerId: 1, date: FIRST_INSTANT, amount: '1' }], {
        timeZone: 'America/New_York',
      }),
    );
    expect(refused.where).toBe('groupOrderLines');
    expect(refused.paths).toEqual(['lines[0].date']);
  });
});

describe('ExchangeRateTable.rateOn takes a day number', () => {
  const table = createExchangeRateTable(
    [
      { date: '2024-01-01', currency: 'EUR', rate: '0.86' },
      { date: '2024-02-01', currency: 'EUR', rate: '0.85' },
    ],
    'GBP',
  );

  it('refuses NaN, a fraction, ±Infinity, a day beyond ±100,000,000 and a date text, naming day; reads a day number', () => {
    for (const day of [
      Number.NaN,
      19_800.5,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1e8 + 1,
      '2024-03-01',
    ]) {
      const refused = refusal(() => table.rateOn('EUR', day as number));
      expect(refused.where).toBe('ExchangeRateTable.rateOn');
      expect(refused.paths).toEqual(['day']);
    }
    expect(refusal(() => table.rateOn('EUR', Number.NaN)).messages[0]).toBe(
      'day: expected a whole number of days since 1970-01-01 (|n| ≤ 100,000,000), received NaN',
    );
    expect(refusal(() => table.rateOn('GBP', Number.NaN)).paths).toEqual(['day']);
    // A day number is read as before: the rate on or before it, undefined before the first.
    expect(table.rateOn('EUR', dayFromCivil(2024, 1, 31))?.toString()).toBe('0.86');
    expect(table.rateOn('EUR', dayFromCivil(2024, 3, 1))?.toString()).toBe('0.85');
    expect(table.rateOn('EUR', 1e8)?.toString()).toBe('0.85');
    expect(table.rateOn('EUR', dayFromCivil(2023, 12, 31))).toBeUndefined();
    expect(table.rateOn('USD', dayFromCivil(2024, 3, 1))).toBeUndefined();
    expect(table.rateOn('GBP', -1e8)?.toString()).toBe('1');
  });
});
