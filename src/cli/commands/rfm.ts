import { rfmCell, rfmScores, rfmSegments, roundMoney, segmentSummary } from '../../index.js';
import { CliUsageError, type Command, formatHelp, formatOption, outputFormat } from '../command.js';
import { INGEST_FIELD_FLAGS, ingestHelp, ingestOptions, summarizeFile } from '../ingest/index.js';
import { formatRows } from '../output.js';
import { writeRows } from '../writeRows.js';
import { requireFile } from './summary.js';

const pct = (d: { mul(n: number): { toFixed(n: number): string } }) => `${d.mul(100).toFixed(1)}%`;

export const rfmCommand: Command = {
  name: 'rfm',
  summary: 'RFM scores, cells and named segments per customer, or the segment table',
  usage: 'clvkit rfm <file|-> [--bins N] [--monetary total|average] [--segments] [options]',
  options: {
    ...ingestOptions,
    ...formatOption,
    bins: { type: 'string' },
    monetary: { type: 'string' },
    segments: { type: 'boolean' },
  },
  optionHelp: [
    ...ingestHelp,
    '--bins N                         scores per axis, 2–9 (default 5: quintiles)',
    '--monetary total|average         M is total spend (default) or average order value',
    '--segments                       print the segment table (customers, revenue and shares) instead',
    formatHelp,
  ],
  fieldFlags: { ...INGEST_FIELD_FLAGS, bins: '--bins', monetary: '--monetary' },
  examples: [
    'clvkit rfm orders.csv',
    'clvkit rfm orders.csv --segments --format table',
    'clvkit rfm orders.csv --bins 4 --monetary average --format json',
  ],
  async run(values, positionals, io) {
    const file = requireFile(positionals, 'rfm');
    const format = outputFormat(values.format, io);
    let bins: number | undefined;
    if (values.bins !== undefined) {
      bins = Number(values.bins);
      if (!/^\d+$/.test(String(values.bins)))
        throw new CliUsageError(
          `--bins: expected a whole number in [2, 9], received '${String(values.bins)}'`,
        );
    }
    const { result } = await summarizeFile(file, values, io);
    // Scored from the summary's typed columns (no row objects, no Decimals for a million customers).
    const customers = result.rfmColumns;
    const scores = rfmScores(customers, {
      ...(bins === undefined ? {} : { bins }),
      ...(typeof values.monetary === 'string' ? { monetary: values.monetary as never } : {}),
    });
    const segments = rfmSegments(scores);
    if (values.segments === true) {
      const table = segmentSummary(customers, segments).map((s) => ({
        segment: s.segment,
        customers: s.customers,
        customer_share: pct(s.customerShare),
        revenue: roundMoney(s.revenue).toFixed(2),
        revenue_share: pct(s.revenueShare),
      }));
      io.stdout(formatRows(table, format));
      return;
    }
    const columns = [
      'customer_id',
      'recency_days',
      'orders',
      'total_spend',
      'r',
      'f',
      'm',
      'cell',
      'score',
      'segment',
    ];
    const { customerId, daysSinceLastPurchase, orderCount } = customers;
    const { recency, frequency, monetary, score } = scores;
    writeRows(
      io,
      format,
      columns,
      score.length,
      (i) => ({
        customer_id: customerId[i] as string | number,
        recency_days: daysSinceLastPurchase[i] as number,
        orders: orderCount[i] as number,
        total_spend: result.totalSpendTextAt(i),
        r: recency[i] as number,
        f: frequency[i] as number,
        m: monetary[i] as number,
        cell: rfmCell(recency[i] as number, frequency[i] as number, monetary[i] as number),
        score: score[i] as number,
        segment: segments[i] as string,
      }),
      (i, out) => {
        const r = recency[i] as number;
        const f = frequency[i] as number;
        const m = monetary[i] as number;
        out.cell(customerId[i] as string | number).comma();
        out.number(daysSinceLastPurchase[i] as number).comma();
        out.number(orderCount[i] as number).comma();
        out.ascii(result.totalSpendTextAt(i)).comma();
        out.number(r).comma().number(f).comma().number(m).comma();
        out.ascii(rfmCell(r, f, m)).comma();
        out.number(score[i] as number).comma();
        out.text(segments[i] as string).newline();
      },
    );
  },
};
