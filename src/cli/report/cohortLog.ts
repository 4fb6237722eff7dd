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
  const monthOfDay = new Map<number, { index: number; date: string }>();
  const indexOfCustomer = new Map<string | number, number>();
  // (month, customer) as one number: month index × 2^32 + customer index (exact below 2^53).
  const seen = new Set<number>();
  return {
    transactions,
    add(customerId, day) {
      let month = monthOfDay.get(day);
      if (month === undefined) {
        const date = `${formatDay(day).slice(0, 7)}-01`;
        const [y, m] = date.split('-').map(Number) as [number, number];
        month = { index: y * 12 + m, date };
        monthOfDay.set(day, month);
      }
      let customer = indexOfCustomer.get(customerId);
      if (customer === undefined) {
        customer = indexOfCustomer.size;
        indexOfCustomer.set(customerId, customer);
      }
      const key = month.index * 2 ** 32 + customer;
      if (seen.has(key)) return;
      seen.add(key);
      transactions.push({ customerId, date: month.date });
    },
  };
}
