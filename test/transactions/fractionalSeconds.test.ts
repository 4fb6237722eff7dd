import { describe, expect, it } from 'vitest';
import {
  compileDateFormat,
  formatDay,
  groupOrderLines,
  instantDayReader,
  parseDay,
  summarizeTransactions,
} from '../../src/index.js';
import { dayFromCivil } from '../../src/transactions/calendar.js';

// .NET's "o" format and SQL Server's datetime2 write 7 fractional digits, some drivers 8 or 9: the last
// instant of a day is still that day, never rounded up into the next one.
const lastInstants = [
  ['1997', '1997-12-31T23:59:59.99999999Z', '1997-12-31'],
  ['1997', '1997-06-30T23:59:59.999999999Z', '1997-06-30'],
  ['2024', '2024-06-30T23:59:59.9999999Z', '2024-06-30'],
  ['2024', '2024-06-30T23:59:59.99999999Z', '2024-06-30'],
  ['2024', '2024-12-31 23:59:59.999999999 UTC', '2024-12-31'],
  ['2100', '2100-02-28T23:59:59.9999999Z', '2100-02-28'],
  ['2100', '2100-12-31T23:59:59.99999999Z', '2100-12-31'],
  ['2100', '2100-12-31T23:59:59,999999999Z', '2100-12-31'],
] as const;

describe('timestamps with 7 to 9 fractional-second digits keep their day', () => {
  it.each(lastInstants)('parseDay, %s: %s is %s', (_, text, day) => {
    expect(formatDay(parseDay(text) as number)).toBe(day);
    expect(formatDay(compileDateFormat()?.(text) as number)).toBe(day);
  });

  it('with an offset (−12:00, +14:00): the UTC day of the instant, the fraction truncated', () => {
    expect(formatDay(parseDay('2024-06-30T11:59:59.9999999-12:00') as number)).toBe('2024-06-30');
    expect(formatDay(parseDay('2024-07-01T13:59:59.99999999+14:00') as number)).toBe('2024-06-30');
    expect(formatDay(parseDay('1997-06-30T23:59:59.999999999-12:00') as number)).toBe('1997-07-01');
    expect(formatDay(parseDay('2100-12-31T23:59:59.9999999+14:00') as number)).toBe('2100-12-31');
    // Truncated to milliseconds, not rounded: the next day starts at 00:00:00 exactly.
    expect(formatDay(parseDay('2024-06-30T23:59:59.9995Z') as number)).toBe('2024-06-30');
    expect(formatDay(parseDay('2024-07-01T00:00:00.0000000Z') as number)).toBe('2024-07-01');
    expect(formatDay(parseDay('2024-07-01T00:00:00.0000001+00:00') as number)).toBe('2024-07-01');
  });

  it('dated in a time zone: the last instant of the local day at +14:00 and −12:00', () => {
    const kiritimati = instantDayReader('Pacific/Kiritimati'); // UTC+14
    const gmtMinus12 = instantDayReader('Etc/GMT+12'); // UTC−12 (POSIX sign)
    expect(parseDay('2024-06-30T09:59:59.9999999Z', kiritimati)).toBe(dayFromCivil(2024, 6, 30));
    expect(parseDay('2024-06-30T23:59:59.99999999+14:00', kiritimati)).toBe(dayFromCivil(2024, 6, 30));
    expect(parseDay('2024-07-01T11:59:59.999999999Z', gmtMinus12)).toBe(dayFromCivil(2024, 6, 30));
    expect(parseDay('1997-07-01T11:59:59.99999999Z', gmtMinus12)).toBe(dayFromCivil(1997, 6, 30));
    expect(parseDay('2100-01-01T09:59:59.9999999Z', kiritimati)).toBe(dayFromCivil(2100, 1, 1));
    const reader = compileDateFormat('dd/MM/yyyy', kiritimati);
    expect(reader?.('30/06/2024 09:59:59.9999999Z')).toBe(dayFromCivil(2024, 6, 30));
    expect(reader?.('30/06/2024 10:00:00.0000000Z')).toBe(dayFromCivil(2024, 7, 1));
  });

  it('a custom date pattern reads the fraction alike', () => {
    const reader = compileDateFormat('dd/MM/yyyy');
    expect(reader?.('30/06/2024 23:59:59.9999999Z')).toBe(dayFromCivil(2024, 6, 30));
    expect(reader?.('31/12/1997 23:59:59.99999999Z')).toBe(dayFromCivil(1997, 12, 31));
  });

  it('the summarizer keeps an order at 23:59:59.9999999 on the observation end, and groupOrderLines dates it', () => {
    const summary = summarizeTransactions(
      [
        { customerId: 'a', date: '2024-06-01', amount: 10 },
        { customerId: 'a', date: '2024-06-30T23:59:59.9999999Z', amount: 20 },
      ],
      { observationEnd: '2024-06-30' },
    );
    expect(summary.rowsRejected).toBe(0);
    expect(summary.customers[0]).toMatchObject({ frequency: 1, recency: 29, lastPurchase: '2024-06-30' });
    const { transactions } = groupOrderLines([
      { orderId: 1, customerId: 'a', date: '2024-06-30T23:59:59.99999999Z', amount: '5' },
    ]);
    expect(transactions).toEqual([{ customerId: 'a', date: '2024-06-30', amount: '5' }]);
  });
});
