import { describe, expect, it } from 'vitest';
import { summarizeTransactions } from '../../src/index.js';

/**
 * The ends of observation and calibration follow the rows' time-zone rule (issue 14: one rule for `Date`s and
 * ISO strings): an instant is dated in `timeZone`, a date is the day written.
 */
describe('observationEnd and calibrationEnd as instants, dated in timeZone', () => {
  const rows = [
    { customerId: 'a', date: '2023-12-20', amount: 2 },
    // 2024-01-01 02:00 UTC is 2023-12-31 21:00 in New York.
    { customerId: 'a', date: new Date('2024-01-01T02:00:00Z'), amount: 1 },
  ];

  it('a Date observation end lands on the same day as a row at that instant', () => {
    const ny = summarizeTransactions(rows, {
      observationEnd: new Date('2024-01-01T02:00:00Z'),
      timeZone: 'America/New_York',
    });
    expect(ny.observationEnd).toBe('2023-12-31');
    // First purchase 2023-12-20, last 2023-12-31 (New York), observed to 2023-12-31: recency = T = 11 days.
    expect(ny.customers[0]).toMatchObject({ customerId: 'a', frequency: 1, recency: 11, T: 11 });
    const utc = summarizeTransactions(rows, { observationEnd: new Date('2024-01-01T02:00:00Z') });
    expect(utc.observationEnd).toBe('2024-01-01');
    expect(utc.customers[0]).toMatchObject({ frequency: 1, recency: 12, T: 12 });
    // A date string is the day written, whatever the zone.
    const written = summarizeTransactions(rows, { observationEnd: '2024-01-05', timeZone: 'Asia/Tokyo' });
    expect(written.observationEnd).toBe('2024-01-05');
  });

  it('two instants on different UTC days but one Tokyo day are no split', () => {
    const options = {
      calibrationEnd: new Date('2024-01-01T23:00:00Z'), // 2024-01-02 08:00 in Tokyo
      observationEnd: new Date('2024-01-02T01:00:00Z'), // 2024-01-02 10:00 in Tokyo
      timeZone: 'Asia/Tokyo',
    };
    expect(() =>
      summarizeTransactions([{ customerId: 'a', date: '2023-12-20', amount: 2 }], options),
    ).toThrow('calibrationEnd: expected a date before observationEnd 2024-01-02 (both dated in Asia/Tokyo)');
  });
});
