import {
  type EvaluationResult,
  evaluateModels,
  type HoldoutScore,
  type ModelEvaluation,
} from '../../index.js';
import { holdoutIntervals } from '../../uncertainty/holdoutIntervals.js';
import { CliUsageError, type Command, formatHelp, formatOption, outputFormat } from '../command.js';
import { cliEvaluator } from '../fitThreading.js';
import { INGEST_FIELD_FLAGS, ingestHelp, ingestOptions, summarizeFile } from '../ingest/index.js';
import { choiceMetricHelp, choiceMetricOf, choiceMetricOption, metricWords } from '../modelAuto.js';
import { cliModel, cliModelList } from '../models.js';
import { formatRows, type Row } from '../output.js';
import { intervalOf, positiveInt } from './predict.js';

/**
 * The kinds of model `evaluate` scores (the core's `evaluateModels`): transaction models in continuous time,
 * in discrete time (BG/BB, when --granularity is the --time-unit), and spend.
 */
const KINDS = ['continuous', 'discrete', 'spend'] as const;

const sig = (x: number | null) => (x === null ? null : Number(x.toPrecision(5)));

/** One model's row of the ranked table (the fields the issue names, and the rest of its figures). */
function modelRow(m: ModelEvaluation): Row {
  const spend = (s: HoldoutScore | null) =>
    s === null
      ? {}
      : {
          predictedHoldoutSpend: sig(s.predictedTotal),
          actualHoldoutSpend: sig(s.actualTotal),
          spendBias: sig(s.bias),
          spendMae: sig(s.mae),
          spendGini: sig(s.gini),
        };
  return {
    rank: m.rank,
    model: m.model,
    label: m.label,
    logLikelihood: sig(m.logLikelihood),
    aic: sig(m.aic),
    bic: sig(m.bic),
    predictedHoldoutPurchases: sig(m.purchases.predictedTotal),
    actualHoldoutPurchases: m.purchases.actualTotal,
    bias: sig(m.purchases.bias),
    mae: sig(m.purchases.mae),
    rmse: sig(m.purchases.rmse),
    msle: sig(m.purchases.msle),
    spearman: sig(m.purchases.spearman),
    gini: sig(m.purchases.gini),
    topDecileCapture: sig(m.purchases.topDecileCapture),
    ...spend(m.spend),
  };
}

/**
 * The JSON document: the evaluation without per-customer arrays; each model with its row's fields, its estimate
 * with its covariance (`paramNames`, `covariance`, as `recommended.refit` and `spendModel` have them) and its
 * tables.
 */
function jsonOf(r: EvaluationResult) {
  return {
    calibrationEnd: r.calibrationEnd,
    observationEnd: r.observationEnd,
    timeUnit: r.timeUnit,
    holdoutLength: r.holdoutLength,
    customers: r.customers,
    customersLeftOut: r.customersLeftOut,
    choiceMetric: r.choiceMetric,
    recommended: r.recommended,
    models: r.models.map((m) => ({
      ...modelRow(m),
      params: m.params,
      // The estimate's covariance, as a fit and `recommended.refit` and `spendModel` carry it (docs/evaluation.md).
      paramNames: m.paramNames,
      covariance: m.covariance,
      converged: m.converged,
      purchases: m.purchases,
      spend: m.spend,
      calibrationTable: m.calibrationTable,
      holdoutTable: m.holdoutTable,
      expectedCumulative: m.expectedCumulative,
      expectedIncremental: m.expectedIncremental,
    })),
    failures: r.failures,
    spendModel: r.spendModel,
    likelihoodRatioTests: r.likelihoodRatioTests,
    tracking: r.tracking,
    notes: r.notes,
  };
}

/** The --interval table: per model, the coverage of the per-customer intervals and the total's interval. */
function intervalLines(intervals: ReturnType<typeof holdoutIntervals>, percent: number): string[] {
  const rows = [...intervals.models].map(([model, h]) => ({
    model,
    'randomized PIT': sig(h.coverage.randomized),
    closed: sig(h.coverage.closed),
    open: sig(h.coverage.open),
    'total low': h.totalInterval.low,
    'total high': h.totalInterval.high,
    actual: h.totalInterval.actual,
    'actual at quantile': sig(h.totalInterval.actualQuantile),
  }));
  return [
    `Holdout ${percent}% intervals (share of customers inside theirs; the cohort total's interval):`,
    formatRows(rows, 'table'),
    ...intervals.notes.map((n) => `note: ${n}`),
  ];
}

/** A model the evaluation could not fit, as every output format words it. */
const notFitted = (f: { readonly model: string; readonly reason: string }) =>
  `not fitted: ${f.model} — ${f.reason}`;

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'fit the models on a calibration period, score them on the holdout and recommend one',
  usage:
    'clvkit evaluate <file|-> --calibration-end DATE [--observation-end DATE] [--models LIST] [--choice-metric M] [options]',
  options: {
    ...ingestOptions,
    ...formatOption,
    models: { type: 'string' },
    ...choiceMetricOption,
    json: { type: 'boolean' },
    interval: { type: 'string' },
    draws: { type: 'string' },
    seed: { type: 'string' },
    'bootstrap-fallback': { type: 'boolean' },
  },
  optionHelp: [
    ...ingestHelp,
    '--models LIST                    comma-separated, from',
    `                                 ${cliModelList(KINDS)} (default: every`,
    '                                 transaction model, BG/BB when --granularity is the --time-unit (week or',
    '                                 coarser: at most one purchase per period), and the spend model when the',
    '                                 log has amounts)',
    ...choiceMetricHelp(),
    '--json                           the same as --format json',
    '--interval P                     per model, the share of customers whose holdout purchases fall in their',
    '                                 central P % predictive interval (closed, open and randomized-PIT coverage)',
    "                                 and the cohort total's P % interval next to the actual total (JSON fields",
    '                                 coverage and totalInterval; docs/intervals.md)',
    '--draws N                        Monte-Carlo draws per customer for --interval (default 1000)',
    '--seed S                         seed for --interval (default 1): same seed, same figures',
    '--bootstrap-fallback             with --interval: a model whose covariance is not positive definite',
    '                                 (parameters not identified) gets its parameter draws by a bootstrap over',
    '                                 the calibration customers (--draws refits) instead of fixed estimates; noted',
    formatHelp,
  ],
  fieldFlags: { ...INGEST_FIELD_FLAGS, choiceMetric: '--choice-metric', models: '--models' },
  examples: [
    'clvkit evaluate orders.csv --calibration-end 2024-06-30 --time-unit week',
    'clvkit evaluate orders.csv --calibration-end 2024-06-30 --models bgnbd,pnbd --json',
  ],
  async run(values, positionals, io) {
    const [file, ...extra] = positionals;
    if (file === undefined) throw new CliUsageError(`missing the input file (use '-' for standard input)`);
    if (extra.length > 0) throw new CliUsageError(`unexpected argument '${extra[0]}'`);
    if (typeof values['calibration-end'] !== 'string')
      throw new CliUsageError('--calibration-end DATE is required: the last day of the calibration period');
    const format = values.json === true ? 'json' : outputFormat(values.format, io);
    const models =
      typeof values.models === 'string'
        ? values.models.split(',').map((name) => cliModel(name.trim(), '--models', KINDS).model)
        : undefined;
    const metric = choiceMetricOf(values);
    // --interval: checked before any work (docs/intervals.md).
    const interval = intervalOf(values.interval);
    const draws = positiveInt('draws', values.draws, 1000);
    const seed = positiveInt('seed', values.seed, 1);
    const bootstrapFallback = values['bootstrap-fallback'] === true;
    if (
      interval === undefined &&
      (values.draws !== undefined || values.seed !== undefined || bootstrapFallback)
    )
      throw new CliUsageError('--draws, --seed and --bootstrap-fallback: only with --interval');
    // The evaluation's tracking chart reads the split's occasions (cohortRetention by day).
    const { result: split } = await summarizeFile(file, values, io, { cohorts: true });
    // The recommended model is refitted on all the data: the log read again without the split (not possible
    // from standard input, which the core then reports in its notes).
    const all =
      file === '-'
        ? undefined
        : (
            await summarizeFile(
              file,
              { ...values, 'calibration-end': undefined, quiet: true },
              { ...io, stderr: () => {} },
            )
          ).result;
    const result = evaluateModels(split, {
      evaluator: cliEvaluator(values),
      ...(models === undefined ? {} : { models }),
      // Occasions per period equal to the time unit: discrete data, and BG/BB joins the ranking.
      ...(typeof values.granularity === 'string' ? { granularity: values.granularity as never } : {}),
      ...(metric === undefined ? {} : { choiceMetric: metric }),
      ...(all === undefined ? {} : { allData: all }),
    });
    // The choice and why, and any model left out: on stderr beside JSON or CSV (the table prints them on stdout).
    if (format !== 'table') {
      io.stderr(
        `recommended: ${result.recommended.model} by ${metricWords(result.choiceMetric, metric)} — ${result.recommended.reason}\n`,
      );
      for (const f of result.failures) io.stderr(`${notFitted(f)}\n`);
    }
    const intervals =
      interval === undefined
        ? undefined
        : holdoutIntervals(split, result, { level: interval / 100, draws, seed, bootstrapFallback });
    if (format === 'json' || format === 'ndjson') {
      const base = jsonOf(result);
      const doc =
        intervals === undefined
          ? base
          : {
              ...base,
              models: base.models.map((m, j) => ({
                ...m,
                ...intervals.models.get(result.models[j]?.model as string),
              })),
              notes: [...base.notes, ...intervals.notes],
            };
      io.stdout(format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : `${JSON.stringify(doc)}\n`);
      return;
    }
    const rows = result.models.map(modelRow);
    if (format === 'csv') {
      io.stdout(formatRows(rows, 'csv'));
      return;
    }
    const unit = result.timeUnit;
    // On a terminal: the purchases table, then the spend table, with short headings (the names are in --json).
    const purchases = result.models.map((m) => ({
      rank: m.rank,
      model: m.model,
      'ln L': sig(m.logLikelihood),
      BIC: sig(m.bic),
      predicted: sig(m.purchases.predictedTotal),
      actual: m.purchases.actualTotal,
      bias: sig(m.purchases.bias),
      MAE: sig(m.purchases.mae),
      RMSE: sig(m.purchases.rmse),
      MSLE: sig(m.purchases.msle),
      Spearman: sig(m.purchases.spearman),
      Gini: sig(m.purchases.gini),
      'top 10%': sig(m.purchases.topDecileCapture),
    }));
    const spend = result.models.flatMap((m) =>
      m.spend === null
        ? []
        : [
            {
              rank: m.rank,
              model: m.model,
              predicted: sig(m.spend.predictedTotal),
              actual: sig(m.spend.actualTotal),
              bias: sig(m.spend.bias),
              MAE: sig(m.spend.mae),
              RMSE: sig(m.spend.rmse),
              Gini: sig(m.spend.gini),
              'top 10%': sig(m.spend.topDecileCapture),
            },
          ],
    );
    const lines = [
      `Holdout evaluation: calibration to ${result.calibrationEnd}, holdout to ${result.observationEnd} (${sig(result.holdoutLength)} ${unit}s), ${result.customers.toLocaleString('en-US')} customers`,
      '',
      'Holdout purchases per model (predicted and actual totals; per customer errors; ranking):',
      formatRows(purchases, 'table'),
      ...(spend.length > 0
        ? [
            'Holdout spend (expected purchases × Gamma-Gamma expected spend per purchase):',
            formatRows(spend, 'table'),
          ]
        : []),
      `recommended: ${result.recommended.model} by ${metricWords(result.choiceMetric, metric)} — ${result.recommended.reason}`,
      ...(result.recommended.refit
        ? [
            `refitted on all data to ${result.observationEnd}: ${Object.entries(
              result.recommended.refit.params,
            )
              .map(([k, v]) => `${k} ${sig(v)}`)
              .join(', ')}`,
          ]
        : []),
      ...(intervals === undefined ? [] : intervalLines(intervals, interval as number)),
      ...result.failures.map(notFitted),
      ...result.notes.map((n) => `note: ${n}`),
      '',
    ];
    io.stdout(lines.join('\n'));
  },
};
