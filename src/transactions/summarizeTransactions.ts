import { ClvValidationError, makeIssue } from '../errors.js';
import { guardedRead } from '../schemas/parse.js';
import { readTransaction, type SummaryResult, type Transaction } from './createSummarizer.js';
import { OrderLogReader } from './orderLogReader.js';
import { resolveSummarizeOptions, type SummarizeOptions } from './summarizeOptions.js';

/**
 * Summarizes an order log per customer: buy-till-you-die figures (frequency, recency, T, monetaryValue, and
 * holdout figures with `calibrationEnd`) and marketing RFM figures. See `CustomerSummary` for every definition;
 * this is `createSummarizer` over an array: rows in any order, read into compact columns, sorted by
 * (customer, day) with a radix sort and summarized in one pass (see `summarizeColumns`). Negative amounts
 * are bad rows unless `returns` is 'net' (netted against the customer's purchases) or 'exclude'.
 *
 * @example
 * summarizeTransactions([
 *   { customerId: 1, date: '1997-01-01', amount: 10 },
 *   { customerId: 1, date: '1997-01-15', amount: 20 },
 * ], { timeUnit: 'week', observationEnd: '1997-01-29' }).customers[0]
 * // → { frequency: 1, recency: 2, T: 4, monetaryValue: 20, orderCount: 2, totalSpend: 30, … }
 */
export function summarizeTransactions(
  transactions: readonly Transaction[],
  options: SummarizeOptions = {},
): SummaryResult {
  return guardedRead('summarizeTransactions', 'input', () =>
    summarizeTransactionsChecked(transactions, options),
  );
}

function summarizeTransactionsChecked(
  transactions: readonly Transaction[],
  options: SummarizeOptions = {},
): SummaryResult {
  if (!Array.isArray(transactions)) {
    throw new ClvValidationError('summarizeTransactions', [
      makeIssue('transactions', 'an array', transactions),
    ]);
  }
  const reader = new OrderLogReader(
    resolveSummarizeOptions(options, 'summarizeTransactions'),
    transactions.length,
  );
  for (const t of transactions) readTransaction(reader, t);
  return reader.finish();
}
