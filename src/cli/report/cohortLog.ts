import { formatDay, type Transaction } from '../../index.js';

/**
 * Collects, from an order stream, the order log that monthly cohort retention needs: one order per customer
 * and calendar month (dated the month's first day). `cohortRetention` counts a customer once per period
 * however often they bought in it, so its monthly table from this log equals the table from every order,
 * while memory grows with customer-months instead of rows.
 *
 * @example
 * const log = monthlyOrderLog(); log.add('a', parseDay('2024-01-05')); log.add('a', parseDay('2024-01-20'));
 * log.transactions // [{ customerId: 'a', date: '2024-01-01' }]
 */
export function monthlyOrderLog(): {
  add(customerId: string | number, day: number): void;
  readonly transactions: Transaction[];
} {
  const transactions: Transaction[] = [];
  const monthOfDay = new Map<number, string>();
  const seen = new Set<string>();
  return {
    transactions,
    add(customerId, day) {
      let month = monthOfDay.get(day);
      if (month === undefined) {
        month = `${formatDay(day).slice(0, 7)}-01`;
        monthOfDay.set(day, month);
      }
      const key = `${month}\u0000${typeof customerId}\u0000${customerId}`;
      if (seen.has(key)) return;
      seen.add(key);
      transactions.push({ customerId, date: month });
    },
  };
}
