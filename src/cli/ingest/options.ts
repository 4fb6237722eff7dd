import type { ParseArgsConfig } from 'node:util';

/** The flags of real exports (see docs/real-exports.md): invoice lines, number formats, currencies, profit, time zones. */
const exportOptions = {
  'quantity-col': { type: 'string' },
  'price-col': { type: 'string' },
  'order-col': { type: 'string' },
  'amount-format': { type: 'string' },
  'decimal-separator': { type: 'string' },
  'currency-col': { type: 'string' },
  rates: { type: 'string' },
  'reporting-currency': { type: 'string' },
  'cost-col': { type: 'string' },
  'refund-col': { type: 'string' },
  'profit-margin': { type: 'string' },
  'time-zone': { type: 'string' },
  'zero-amounts': { type: 'string' },
  only: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** The flags of real exports, by name: read in-process only (the SQL engines refuse them). */
export const EXPORT_FLAGS = Object.keys(exportOptions) as (keyof typeof exportOptions)[];

/** Help lines for `exportOptions`. */
const exportHelp: readonly string[] = [
  '--quantity-col NAME|N            with --price-col: line amount = quantity × unit price (exact; no --amount-col)',
  '--price-col NAME|N               unit price column (read with --amount-format)',
  '--order-col NAME|N               lines with one order id form one order, dated by its earliest line',
  "--amount-format SAMPLE           how numbers are written, e.g. '1.234,56', '1 234,56 €', '$1,234.56' (default: plain 1234.56)",
  '--decimal-separator .|,          shorthand for --amount-format 1234.56 or 1234,56 (no grouping, no symbol)',
  '--currency-col NAME|N|none       currency of each row (a Currency column is found by name); mixed need --rates',
  '--rates FILE                     CSV date,currency,rate: 1 unit = rate reporting currency, the rate on or before the order day',
  '--reporting-currency CODE        currency of the results (needed with --rates)',
  '--cost-col NAME|N                cost of each row or line: values are profit = amount − cost',
  '--refund-col NAME|N              amount refunded on each row or order, netted as a return on its day (--returns net)',
  '--profit-margin M                gross margin in (0, 1]: values are profit = amount × M (summaries too)',
  '--zero-amounts keep|skip         rows or lines of amount 0 (free items) count as orders (keep, default) or are left out (skip)',
  '--time-zone ZONE                 IANA zone in which timestamps with a zone (…Z, …+01:00) are dated (default UTC)',
  '--only COLUMN=VALUE[,VALUE…]     read only rows whose COLUMN is one of the values (e.g. \'Status=Paid\'; "A, B" quotes a comma); the rest are left out, counted',
];

/** The flags of every command that reads a transaction log. */
export const ingestOptions = {
  'customer-col': { type: 'string' },
  'date-col': { type: 'string' },
  'amount-col': { type: 'string' },
  'date-format': { type: 'string' },
  delimiter: { type: 'string' },
  'no-header': { type: 'boolean' },
  'on-bad-row': { type: 'string' },
  'max-rejects': { type: 'string' },
  rejects: { type: 'string' },
  encoding: { type: 'string' },
  'time-unit': { type: 'string' },
  granularity: { type: 'string' },
  'observation-end': { type: 'string' },
  'calibration-end': { type: 'string' },
  returns: { type: 'string' },
  'keep-outlier-dates': { type: 'boolean' },
  'memory-budget': { type: 'string' },
  'spill-dir': { type: 'string' },
  threads: { type: 'string' },
  quiet: { type: 'boolean' },
  ...exportOptions,
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** Help lines for `ingestOptions`. */
export const ingestHelp: readonly string[] = [
  "FILE                             a CSV of orders; '-' reads standard input; .gz is gunzipped",
  '--customer-col NAME|N            customer id column (default: found by name, e.g. customer_id)',
  '--date-col NAME|N                order date column (default: found by name, e.g. order_date)',
  "--amount-col NAME|N|none         order amount column (default: found by name, e.g. amount); 'none': count orders only",
  '--date-format iso|excel|PATTERN  e.g. yyyyMMdd, dd/MM/yyyy, M/d/yyyy (default iso: yyyy-MM-dd); see --time-zone',
  "--delimiter C|tab|whitespace     field separator (default ','); whitespace = runs of blanks",
  '--no-header                      no header line: columns are 1-based positions (defaults 1, 2, 3)',
  '--on-bad-row stop|skip           stop at the first bad row (default, exit 2) or skip bad rows',
  '--max-rejects N|P%               skip up to N bad rows (or P% of the rows read), then stop (exit 2)',
  '--rejects FILE                   write every rejected line with its reason (CSV; never an input file)',
  '--encoding utf8|latin1|utf16le   text encoding of the file (default utf8, checked: invalid UTF-8 is an error)',
  '--time-unit day|week|month|quarter|year   unit of recency and T (default day)',
  '--granularity day|week|month|quarter|year purchases within one count once (default day)',
  '--observation-end DATE           end of observation (default: the last order date)',
  '--calibration-end DATE           calibration/holdout split',
  '--returns reject|net|exclude     negative amounts: a bad row (default), netted against the purchases, or dropped',
  '--keep-outlier-dates             keep isolated outlier dates (by default, without --observation-end, a date far',
  '                                 from the rest of the log, such as one 9999-12-31 row, is a bad row: outlier date)',
  '--memory-budget MB               memory for the orders held (default: a quarter of the RAM); past it, runs sorted',
  '                                 by customer and day go to disk (16-20 bytes an order) and are merged at the end',
  '--spill-dir DIR                  where those runs go (default: the system temporary directory); removed at the end',
  '--threads N                      threads the reading, fits and writing may use (default: every core); 1: one',
  '--quiet                          no progress on stderr',
  ...exportHelp,
];

/** Library option → flag, for validation messages. */
export const INGEST_FIELD_FLAGS: Readonly<Record<string, string>> = {
  timeUnit: '--time-unit',
  granularity: '--granularity',
  observationEnd: '--observation-end',
  calibrationEnd: '--calibration-end',
  returns: '--returns',
};
