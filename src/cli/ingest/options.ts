import type { ParseArgsConfig } from 'node:util';

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
  quiet: { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** Help lines for `ingestOptions`. */
export const ingestHelp: readonly string[] = [
  "FILE                             a CSV of orders; '-' reads standard input; .gz is gunzipped",
  '--customer-col NAME|N            customer id column (default: found by name, e.g. customer_id)',
  '--date-col NAME|N                order date column (default: found by name, e.g. order_date)',
  "--amount-col NAME|N|none         order amount column (default: found by name, e.g. amount); 'none': count orders only",
  '--date-format iso|PATTERN        e.g. yyyyMMdd, dd/MM/yyyy (default iso: yyyy-MM-dd, time ignored)',
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
  '--quiet                          no progress on stderr',
];

/** Library option → flag, for validation messages. */
export const INGEST_FIELD_FLAGS: Readonly<Record<string, string>> = {
  timeUnit: '--time-unit',
  granularity: '--granularity',
  observationEnd: '--observation-end',
  calibrationEnd: '--calibration-end',
  returns: '--returns',
};
