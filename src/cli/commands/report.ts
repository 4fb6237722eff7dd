import { writeFileSync } from 'node:fs';
import { formatDay, type TimeUnit, type Transaction } from '../../index.js';
import { CliUsageError, type Command } from '../command.js';
import { INGEST_FIELD_FLAGS, ingestHelp, ingestOptions, summarizeFile } from '../ingest/index.js';
import { analyseStore } from '../report/analyse.js';
import { renderReport } from '../report/render.js';
import { requireFile } from './summary.js';

/** Parses the report's model flags (shared with `clvkit demo`). */
export function reportSettings(values: Readonly<Record<string, string | boolean | undefined>>) {
  const model = typeof values.model === 'string' ? values.model : 'bgnbd';
  if (model !== 'bgnbd' && model !== 'pnbd')
    throw new CliUsageError(`--model: expected bgnbd or pnbd, received '${model}'`);
  const horizon = values.horizon === undefined ? 12 : Number(values.horizon);
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new CliUsageError(
      `--horizon: expected a whole number of months, received '${String(values.horizon)}'`,
    );
  const discountRate = values['discount-rate'] === undefined ? 0.01 : Number(values['discount-rate']);
  if (!Number.isFinite(discountRate) || discountRate < 0)
    throw new CliUsageError(
      `--discount-rate: expected a rate of 0 or more, received '${String(values['discount-rate'])}'`,
    );
  const top = values.top === undefined ? 20 : Number(values.top);
  if (!Number.isInteger(top) || top < 1)
    throw new CliUsageError(`--top: expected a whole number of 1 or more, received '${String(values.top)}'`);
  return {
    model,
    horizon,
    discountRate,
    top,
    ...(typeof values.cac === 'string' ? { cac: values.cac } : {}),
  } as const;
}

export const reportOptions = {
  output: { type: 'string', short: 'o' },
  model: { type: 'string' },
  horizon: { type: 'string' },
  'discount-rate': { type: 'string' },
  cac: { type: 'string' },
  top: { type: 'string' },
  title: { type: 'string' },
} as const;

export const reportHelp = [
  '-o, --output FILE                the HTML page to write (default report.html)',
  '--model bgnbd|pnbd               transaction model (default bgnbd)',
  '--horizon N                      CLV over N months (default 12)',
  '--discount-rate R                per month (default 0.01)',
  '--cac AMOUNT                     acquisition cost: adds CLV:CAC to the headline',
  '--top N                          customers in the top table (default 20)',
  '--title TEXT                     the page title',
];

export const reportCommand: Command = {
  name: 'report',
  summary: 'the whole analysis as one self-contained HTML page (charts, segments, model fit, top customers)',
  usage: 'clvkit report <file|-> [-o report.html] [options]',
  options: { ...ingestOptions, ...reportOptions },
  optionHelp: [...ingestHelp, ...reportHelp],
  fieldFlags: INGEST_FIELD_FLAGS,
  examples: [
    'clvkit report orders.csv --time-unit week -o report.html',
    'clvkit report orders.csv --time-unit week --calibration-end 2024-09-30 --cac 40',
  ],
  async run(values, positionals, io) {
    const file = requireFile(positionals, 'report');
    const settings = reportSettings(values);
    const transactions: Transaction[] = [];
    const days = new Map<number, string>();
    const { result } = await summarizeFile(file, values, io, (customerId, day) => {
      let date = days.get(day);
      if (date === undefined) {
        date = formatDay(day);
        days.set(day, date);
      }
      transactions.push({ customerId, date });
    });
    const timeUnit = (typeof values['time-unit'] === 'string' ? values['time-unit'] : 'day') as TimeUnit;
    const analysis = analyseStore({ summary: result, transactions, timeUnit, ...settings });
    const out = typeof values.output === 'string' ? values.output : 'report.html';
    writeFileSync(
      out,
      renderReport(analysis, {
        top: settings.top,
        ...(typeof values.title === 'string' ? { title: values.title } : {}),
      }),
    );
    io.stderr(`wrote ${out}\n`);
  },
};
