import type { CustomerSummary, SummaryResult } from '../../index.js';
import { roundMoney } from '../../index.js';
import { dayFormatter } from '../../transactions/calendar.js';
import { CliUsageError, type Command, formatHelp, formatOption, outputFormat } from '../command.js';
import type { CsvBytes } from '../csvBytes.js';
import { engineHelp, engineOptions, summarizeWithEngine, usesEngine } from '../engine.js';
import { roundedFigure } from '../figureCells.js';
import { INGEST_FIELD_FLAGS, ingestHelp, ingestOptions, summarizeFile } from '../ingest/index.js';
import { writeRows } from '../writeRows.js';

/** The summary columns, in order: the models' figures first, then the RFM raw figures. */
export const SUMMARY_COLUMNS = [
  'customer_id',
  'frequency',
  'recency',
  'T',
  'monetary_value',
  'first_purchase',
  'last_purchase',
  'days_since_last_purchase',
  'orders',
  'total_spend',
  'average_order_value',
] as const;
const HOLDOUT_COLUMNS = ['frequency_holdout', 'monetary_value_holdout', 'duration_holdout'] as const;
/** With --returns net: each customer's returned value / gross value in the window. */
const RETURN_COLUMNS = ['return_rate'] as const;

/** Decimals a float figure is shown with (`figure`; `CsvBytes.rounded` writes the same). */
export const FIGURE_PLACES = 10;

/** Rounds a float figure for display to 10 decimals (`roundedFigure`). */
export const figure = (x: number) => roundedFigure(x, FIGURE_PLACES);

/** One customer as an output row. */
export function summaryRow(c: CustomerSummary) {
  return {
    customer_id: c.customerId,
    frequency: c.frequency,
    recency: figure(c.recency),
    T: figure(c.T),
    monetary_value: figure(c.monetaryValue),
    first_purchase: c.firstPurchase,
    last_purchase: c.lastPurchase,
    days_since_last_purchase: c.daysSinceLastPurchase,
    orders: c.orderCount,
    total_spend: c.totalSpend.toString(),
    average_order_value: roundMoney(c.averageOrderValue).toFixed(2),
    ...(c.frequencyHoldout === undefined
      ? {}
      : {
          frequency_holdout: c.frequencyHoldout,
          monetary_value_holdout: figure(c.monetaryValueHoldout ?? 0),
          duration_holdout: figure(c.durationHoldout ?? 0),
        }),
    ...(c.returnRate === undefined ? {} : { return_rate: figure(c.returnRate) }),
  };
}

/**
 * The same rows as `summaryRow`, written straight into CSV bytes from the result's columns (the summary of a
 * big log is mostly this): no row objects, no Decimals — exact totals and averages come from the core as text.
 */
function summaryCsvRows(result: SummaryResult): (i: number, out: CsvBytes) => void {
  const { customerId, frequency, recency, T, monetaryValue, frequencyHoldout, monetaryValueHoldout } =
    result.columns;
  const rfm = result.rfmColumns;
  const durationHoldout =
    frequencyHoldout && rfm.orderCount.length > 0 ? figure(result.customerAt(0).durationHoldout ?? 0) : 0;
  const day = dayFormatter();
  return (i, out) => {
    out.cell(customerId[i] as string | number).comma();
    out.number(frequency[i] as number).comma();
    out.rounded(recency[i] as number, FIGURE_PLACES).comma();
    out.rounded(T[i] as number, FIGURE_PLACES).comma();
    out.rounded(monetaryValue[i] as number, FIGURE_PLACES).comma();
    out.ascii(day(rfm.firstPurchaseDay[i] as number)).comma();
    out.ascii(day(rfm.lastPurchaseDay[i] as number)).comma();
    out.number(rfm.daysSinceLastPurchase[i] as number).comma();
    out.number(rfm.orderCount[i] as number).comma();
    out.ascii(result.totalSpendTextAt(i)).comma();
    out.ascii(result.averageOrderValueTextAt(i, 2));
    if (frequencyHoldout && monetaryValueHoldout) {
      out
        .comma()
        .number(frequencyHoldout[i] as number)
        .comma();
      out.rounded(monetaryValueHoldout[i] as number, FIGURE_PLACES).comma();
      out.number(durationHoldout);
    }
    if (result.returnRate) out.comma().rounded(result.returnRate[i] as number, FIGURE_PLACES);
    out.newline();
  };
}

export const summaryCommand: Command = {
  name: 'summary',
  summary: 'transaction CSV → one row per customer: frequency, recency, T, monetary value, RFM figures',
  usage: 'clvkit summary <file|-> [options]',
  options: { ...ingestOptions, ...engineOptions, ...formatOption },
  optionHelp: [...ingestHelp, ...engineHelp, formatHelp],
  fieldFlags: INGEST_FIELD_FLAGS,
  examples: [
    'clvkit summary orders.csv --time-unit week',
    'clvkit summary ../shared/data/cdnow/CDNOW_master.txt --delimiter whitespace --customer-col customer_id --date-col date --amount-col dollar_value --date-format yyyyMMdd',
    'clvkit summary CDNOW_sample.txt --no-header --delimiter whitespace --customer-col 2 --date-col 3 --amount-col 5 --date-format yyyyMMdd --calibration-end 1997-09-30 --observation-end 1998-06-30 --time-unit week',
    'zcat orders.csv.gz | clvkit summary - --format ndjson',
  ],
  async run(values, positionals, io) {
    // --engine duckdb|postgres (issue #7): the summary is computed in SQL, same rows.
    const file = usesEngine(values) ? undefined : requireFile(positionals, 'summary');
    const format = outputFormat(values.format, io);
    const { result } =
      file === undefined
        ? await summarizeWithEngine(positionals, values, io)
        : await summarizeFile(file, values, io);
    const columns = [
      ...SUMMARY_COLUMNS,
      ...(result.calibrationEnd ? HOLDOUT_COLUMNS : []),
      ...('returns' in result && result.returns?.mode === 'net' ? RETURN_COLUMNS : []),
    ];
    writeRows(
      io,
      format,
      columns,
      result.columns.frequency.length,
      (i) => summaryRow(result.customerAt(i)),
      // The SQL engines give rows; the in-process summary has columns to write from.
      'rfmColumns' in result ? summaryCsvRows(result) : undefined,
    );
  },
};

/** The one file argument of a command that reads a log. */
export function requireFile(positionals: readonly string[], command: string): string {
  const [file, ...extra] = positionals;
  if (file === undefined) throw new CliUsageError(`missing the input file (use '-' for standard input)`);
  if (extra.length > 0)
    throw new CliUsageError(
      `expected one input file, received ${positionals.length}: ${positionals.join(' ')} (${command})`,
    );
  return file;
}
