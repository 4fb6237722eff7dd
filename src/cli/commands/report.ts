import { type Granularity, toDecimal } from '../../index.js';
import { CliUsageError, type Command } from '../command.js';
import { cliEvaluator } from '../fitThreading.js';
import {
  INGEST_FIELD_FLAGS,
  ingestHelp,
  ingestOptions,
  ingestSettings,
  summarizeFile,
} from '../ingest/index.js';
import {
  choiceLine,
  choiceMetricHelp,
  choiceMetricOf,
  choiceMetricOption,
  chooseModel,
  readSplitAndAll,
  requireSplitForAuto,
  wantsAuto,
} from '../modelAuto.js';
import { cliModel, cliModelList } from '../models.js';
import { openOutput } from '../outputFile.js';
import { createFitProgress, type FitProgress } from '../progress.js';
import { isCurrency } from '../report/format.js';
import { renderReport } from '../report/renderReport.js';
import { buildReportData } from '../report/reportData.js';
import { timeUnitOf } from '../timeUnit.js';
import { positiveInt } from './predict.js';
import { requireFile } from './summary.js';

/**
 * Parses the report's own flags (shared with `clvkit demo`): --model, a continuous-time transaction model of the
 * registry (bgnbd, mbgnbd or pnbd; default bgnbd), --horizon
 * months (12), --discount-rate per month (0.01), --top customers (20), --cac (optional, above 0), --margin
 * (optional, a fraction in (0, 1]: profit CLV instead of revenue CLV).
 *
 * @example reportSettings({ model: 'pnbd', top: '10' }) // { model: 'paretoNbd', horizon: 12, discountRate: 0.01, top: 10 }
 */
export function reportSettings(values: Readonly<Record<string, string | boolean | undefined>>) {
  const model = cliModel(typeof values.model === 'string' ? values.model : 'bgnbd', '--model', [
    'continuous',
  ]).model;
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
  // The report words its money as revenue (profit CLV only through --margin): values made profit while reading
  // would be mislabelled, so they are refused here.
  const profitFlag = ['cost-col', 'profit-margin'].find((f) => values[f] !== undefined);
  if (profitFlag !== undefined)
    throw new CliUsageError(
      `--${profitFlag}: not with report, whose pages call the amounts revenue; use --margin M for CLV as profit`,
    );
  const margin = values.margin === undefined ? undefined : Number(values.margin);
  if (margin !== undefined && !(margin > 0 && margin <= 1))
    throw new CliUsageError(`--margin: expected a fraction in (0, 1], received '${String(values.margin)}'`);
  const currency = typeof values.currency === 'string' ? values.currency.toUpperCase() : undefined;
  if (values.currency !== undefined && (currency === undefined || !isCurrency(currency)))
    throw new CliUsageError(
      `--currency: expected an ISO 4217 code such as USD, EUR or GBP, received '${String(values.currency)}'`,
    );
  if (values.cac !== undefined && (toDecimal(values.cac) === undefined || toDecimal(values.cac)?.lte(0)))
    throw new CliUsageError(`--cac: expected an amount above 0, received '${String(values.cac)}'`);
  // The intervals' Monte-Carlo draws (the page's default, 200) and seed: fewer draws for a quicker page on a
  // very large base, more for steadier interval ends.
  const draws = values.draws === undefined ? undefined : positiveInt('draws', values.draws, 0);
  if (draws !== undefined && draws < 20)
    throw new CliUsageError(
      `--draws: expected 20 or more (the 90 % intervals read the 5 % and 95 % quantiles of the draws), received '${draws}'`,
    );
  const seed = values.seed === undefined ? undefined : positiveInt('seed', values.seed, 1);
  const bootstrap = values['bootstrap-fallback'] === true;
  return {
    model,
    horizon,
    discountRate,
    top,
    ...(draws === undefined ? {} : { intervalDraws: draws }),
    ...(seed === undefined ? {} : { intervalSeed: seed }),
    ...(bootstrap ? { intervalBootstrap: true } : {}),
    ...(typeof values.cac === 'string' ? { cac: values.cac } : {}),
    ...(margin === undefined ? {} : { margin }),
    ...(currency === undefined ? {} : { currency }),
  } as const;
}

/**
 * The currency the page writes money in: the log's own (its currency column's one currency, or --reporting-currency
 * with --rates) unless --currency names one; --currency naming another is refused (amounts are never converted by
 * relabelling them), and so is a log currency the runtime cannot write as money.
 */
function pageCurrency(flag: string | undefined, logs: string | undefined): string | undefined {
  if (logs === undefined) return flag;
  if (flag !== undefined && flag !== logs)
    throw new CliUsageError(
      `--currency ${flag}: the log's amounts are in ${logs} (its currency column); give --currency ${logs}, or convert them with --rates FILE --reporting-currency ${flag}`,
    );
  if (!isCurrency(logs))
    throw new CliUsageError(
      `the log's amounts are in '${logs}', which is not an ISO 4217 currency the page can write money in; convert them with --rates FILE --reporting-currency CODE`,
    );
  return logs;
}

export const reportOptions = {
  output: { type: 'string', short: 'o' },
  model: { type: 'string' },
  horizon: { type: 'string' },
  'discount-rate': { type: 'string' },
  cac: { type: 'string' },
  margin: { type: 'string' },
  currency: { type: 'string' },
  top: { type: 'string' },
  title: { type: 'string' },
  draws: { type: 'string' },
  seed: { type: 'string' },
  'bootstrap-fallback': { type: 'boolean' },
} as const;

export const reportHelp = [
  '-o, --output FILE                the HTML page to write (default report.html)',
  `--model NAME                     transaction model: ${cliModelList(['continuous'])}, or auto: the model that`,
  "                                 predicted the holdout best (clvkit evaluate's choice), refitted on all the",
  '                                 data; auto needs --calibration-end and is the default with it (else bgnbd)',
  '--horizon N                      CLV over N months (default 12)',
  '--discount-rate R                per month (default 0.01)',
  '--cac AMOUNT                     acquisition cost: adds CLV:CAC to the headline',
  '--margin M                       profit margin on spend, 0–1: CLV as profit (default: revenue)',
  "--currency CODE                  ISO 4217 code money is written in, e.g. EUR (default: the log's currency",
  '                                 column, else USD; amounts are not converted)',
  '--top N                          customers in the top table (default 20)',
  '--title TEXT                     the page title',
  '--draws N                        Monte-Carlo draws of the 90 % intervals, 20 or more (default 200; the time of the',
  '                                 intervals grows with N × distinct customers: fewer on a very large base)',
  '--seed S                         seed of the intervals (default 1): same seed, same figures',
  "--bootstrap-fallback             when the model's covariance is not positive definite (parameters not",
  '                                 identified), draw its parameters by a bootstrap over the customers (--draws',
  '                                 refits) instead of taking them as known; the page says which',
];

export const reportCommand: Command = {
  name: 'report',
  summary: 'the whole analysis as one self-contained HTML page (charts, segments, model fit, top customers)',
  usage: 'clvkit report <file|-> [-o report.html] [options]',
  options: { ...ingestOptions, ...reportOptions, ...choiceMetricOption },
  optionHelp: [...ingestHelp, ...reportHelp, ...choiceMetricHelp('with --calibration-end')],
  fieldFlags: INGEST_FIELD_FLAGS,
  examples: [
    'clvkit report orders.csv --time-unit week -o report.html',
    'clvkit report orders.csv --time-unit week --calibration-end 2024-09-30 --cac 40',
    'clvkit report CDNOW_sample.txt --no-header --delimiter whitespace --customer-col 2 --date-col 3 --amount-col 5 --date-format yyyyMMdd --time-unit week --calibration-end 1997-09-30 --model pnbd --top 10',
  ],
  async run(values, positionals, io) {
    const file = requireFile(positionals, 'report');
    if (wantsAuto(values)) requireSplitForAuto(values);
    const split = typeof values['calibration-end'] === 'string';
    const choiceMetric = choiceMetricOf(values);
    if (choiceMetric !== undefined && !split)
      throw new CliUsageError(
        '--choice-metric ranks the models on a holdout: give --calibration-end DATE (the last day of the calibration period)',
      );
    // --model auto (the evaluation's choice) is the default with a split; bgnbd without one.
    const auto = wantsAuto(values) || (split && values.model === undefined);
    const settings = reportSettings(auto ? { ...values, model: undefined } : values);
    ingestSettings(values);
    const out = typeof values.output === 'string' ? values.output : 'report.html';
    // Opened (as a temporary file) before any work: a bad or unwritable -o, or one naming the input, fails now.
    const page = openOutput(out, '-o', [file]);
    let progress: FitProgress | undefined;
    const fitOptions = (label: string) => {
      progress?.done();
      progress = createFitProgress(io, values.quiet === true, label);
      const evaluator = cliEvaluator(values);
      return progress.onEvaluation ? { evaluator, onEvaluation: progress.onEvaluation } : { evaluator };
    };
    // With a split: every model evaluated on the holdout (part 1), and every figure of "now" from all the data
    // with the chosen (or named) model refitted on all of it (part 2). Without: the whole log, as it is.
    const read = split
      ? await readSplitAndAll(file, values, io, { cohorts: true })
      : { all: await summarizeFile(file, values, io, { cohorts: true }), split: undefined };
    const choice =
      read.split === undefined
        ? undefined
        : chooseModel(read.split, read.all, { choiceMetric, evaluator: cliEvaluator(values) });
    if (choice !== undefined && auto) io.stderr(`${choiceLine(choice, choiceMetric)}\n`);
    const result = read.all.result;
    const timeUnit = timeUnitOf(values);
    const { model, ...rest } = settings;
    const currency = pageCurrency(settings.currency, read.all.currency);
    const analysis = buildReportData({
      summary: result,
      // Monthly cohorts from the occasions the summarizer kept; weekly, quarterly or yearly when the
      // occasions are (a week does not fit in a month).
      cohorts: result.cohortRetention({ period: cohortPeriod(values.granularity) }),
      timeUnit,
      ...rest,
      ...(currency === undefined ? {} : { currency }),
      ...(auto && choice !== undefined ? { fit: choice.fit } : { model }),
      ...(choice === undefined ? {} : { evaluation: choice.evaluation }),
      // A progress line per fit on a terminal (clvkit fit's), finished before the next one starts.
      fitOptions,
    });
    progress?.done();
    page.write(
      renderReport(analysis, {
        top: settings.top,
        ...(typeof values.title === 'string' ? { title: values.title } : {}),
      }),
    );
    page.commit();
    io.stderr(`wrote ${out}\n`);
  },
};

/** The report's cohort period: months, unless occasions are weeks, quarters or years. */
function cohortPeriod(granularity: string | boolean | undefined): Granularity {
  return granularity === 'week' || granularity === 'quarter' || granularity === 'year'
    ? granularity
    : 'month';
}
