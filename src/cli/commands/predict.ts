import { readFileSync } from 'node:fs';
import {
  ClvValidationError,
  type FitLike,
  type FitOptions,
  fitFromJson,
  topCustomersByCount,
} from '../../index.js';
import type { LifetimeValueInput } from '../../models/lifetimeValue.js';
import type { DataKind } from '../../models/model.js';
import { findModel, MODELS, modelsOf } from '../../models/registry.js';
import { predictOnThreads } from '../../node/predictThreads.js';
import { orderAllByValueDescending } from '../../segments/orderByValueDescending.js';
import { SCORE_SQL_COLUMNS } from '../../sql/scoreSql.js';
import { fitDrawsWithBootstrap } from '../../uncertainty/fitDrawsWithBootstrap.js';
import type { FitWithCovariance } from '../../uncertainty/parameterDraws.js';
import { predictiveLifetimeValueOfFits } from '../../uncertainty/predictiveLifetimeValue.js';
import {
  CliInputError,
  CliUsageError,
  type Command,
  formatHelp,
  formatOption,
  outputFormat,
} from '../command.js';
import { readCustomerFigures } from '../customersFile.js';
import {
  customersWithEngine,
  engineHelp,
  engineOptions,
  scoreWithEngine,
  summarizeWithEngine,
  usesEngine,
} from '../engine.js';
import { type FigureFormat, figureValue } from '../figureCells.js';
import { fileErrorReason } from '../fileErrors.js';
import { cliEvaluator, threadCount } from '../fitThreading.js';
import { INGEST_FIELD_FLAGS, ingestHelp, ingestOptions } from '../ingest/index.js';
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
import { cliModel, cliModelList, fitCliModel } from '../models.js';
import { createFitProgress } from '../progress.js';
import { timeUnitOf } from '../timeUnit.js';
import { writeFigureRows } from '../writeFigureRows.js';
import { writeRows } from '../writeRows.js';
import { fitOptions, penalizerOf } from './fit.js';
import { FIGURE_PLACES } from './summary.js';

const orList = (names: readonly string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : (names[0] ?? '');

/** The models `clvkit predict` predicts purchases with (continuous time, fitted on the fly or saved). */
const PREDICT_KINDS: readonly DataKind[] = ['continuous'];

/**
 * Reads a saved fit (docs/fit-file.md) for `flag`, with the flag and file named in any error, and checks it
 * is a model the flag takes (a continuous-time transaction model for --fit, a spend model for --spend-fit).
 */
export function loadFit(
  path: string,
  flag = '--fit',
  kinds: readonly DataKind[] = PREDICT_KINDS,
): FitLike & { timeUnit?: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliInputError(
      `${flag}: cannot read the fit '${path}': ${e instanceof SyntaxError ? e.message : fileErrorReason(e)}`,
    );
  }
  let fit: ReturnType<typeof fitFromJson>;
  try {
    fit = fitFromJson(json);
  } catch (e) {
    if (!(e instanceof ClvValidationError)) throw e;
    throw new CliInputError(`${flag} ${path}: ${e.issues.map((i) => i.message).join('\n')}`);
  }
  if (!kinds.includes(findModel(fit.model)?.dataKind as DataKind))
    throw new CliInputError(
      `${flag} ${path}: expected a ${orList(modelsOf(...kinds).map((m) => m.label))} fit, received a ${fit.label} fit`,
    );
  return fit;
}

export const positiveInt = (flag: string, v: string | boolean | undefined, fallback: number) => {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^[1-9]\d*$/.test(v))
    throw new CliUsageError(`--${flag}: expected a whole number of 1 or more, received '${String(v)}'`);
  return Number(v);
};

/** `--interval P`: a percentage strictly between 0 and 100. */
export function intervalOf(v: string | boolean | undefined): number | undefined {
  if (v === undefined) return undefined;
  const p = typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!(p > 0 && p < 100))
    throw new CliUsageError(
      `--interval: expected a percentage between 0 and 100 such as 90, received '${String(v)}'`,
    );
  return p;
}

/** `--quantiles 0.1,0.5,0.9`: levels strictly between 0 and 1, columns `purchases_q10`, `clv_q10` … each. */
function quantilesOf(v: string | boolean | undefined): { name: string; level: number }[] {
  if (v === undefined) return [];
  const parts = typeof v === 'string' ? v.split(',').map((x) => x.trim()) : [''];
  return parts.map((x) => {
    const q = x === '' ? Number.NaN : Number(x);
    if (!(q > 0 && q < 1))
      throw new CliUsageError(
        `--quantiles: expected levels in (0, 1) such as 0.1,0.5,0.9, received '${String(v)}'`,
      );
    return { name: `q${Number((q * 100).toPrecision(12))}`, level: q };
  });
}

/**
 * The asked-for quantiles of each customer's purchases and CLV over the horizon, from one Monte-Carlo run of
 * `predictiveLifetimeValueOfFits` (simulated purchases per month valued by Gamma-Gamma's posterior spend and
 * discounted as the clv column, with each fit's parameter draws; per customer only, so customers with the same
 * history share their draws): one column per level for each. A note on stderr when the transaction fit has no
 * covariance (then its parameters are taken as known).
 */
function purchaseAndValueQuantiles(
  io: Parameters<Command['run']>[2],
  input: LifetimeValueInput,
  levels: readonly { name: string; level: number }[],
  draws: number,
  seed: number,
  bootstrapFallback: boolean,
): { purchases: { name: string; values: Float64Array }[]; clv: { name: string; values: Float64Array }[] } {
  const fit = input.transactionModel as FitWithCovariance;
  if (fit.covariance === undefined)
    io.stderr('--interval/--quantiles: the fit has no covariance; intervals without parameter uncertainty\n');
  // --bootstrap-fallback: the library's fallback for either fit, said when it is taken.
  const { transactionDraws, spendDraws } = bootstrapFallback
    ? fitDrawsWithBootstrap(input, { draws, seed })
    : {};
  if (transactionDraws !== undefined)
    io.stderr(
      `--bootstrap-fallback: the fit's covariance is not positive definite (its parameters are not identified); its parameter draws are a bootstrap over the customers (${draws.toLocaleString('en-US')} refits)\n`,
    );
  if (spendDraws !== undefined)
    io.stderr(
      `--bootstrap-fallback: the spend fit's covariance is not positive definite; its parameter draws are a bootstrap over the repeat spenders (${draws.toLocaleString('en-US')} refits)\n`,
    );
  const v = predictiveLifetimeValueOfFits(MODELS, input, {
    ...(transactionDraws === undefined ? {} : { transactionDraws }),
    ...(spendDraws === undefined ? {} : { spendDraws }),
    draws,
    seed,
    quantiles: levels.map((l) => l.level),
    totals: false,
  });
  return {
    purchases: levels.map((l, j) => ({
      name: `purchases_${l.name}`,
      values: v.purchases.quantiles[j] as Float64Array,
    })),
    clv: levels.map((l, j) => ({ name: `clv_${l.name}`, values: v.clv.quantiles[j] as Float64Array })),
  };
}

const SORTS = { clv: 'clv', palive: 'p_alive', purchases: 'expected_purchases' } as const;

export const predictCommand: Command = {
  name: 'predict',
  summary: 'per customer: P(alive), expected purchases and predicted CLV over a horizon',
  usage: `clvkit predict <file|-> [--model ${cliModelList(PREDICT_KINDS, '|').replace(' or ', '|')} | --fit fit.json] [--horizon N] [--discount-rate R] [--margin M] [options]`,
  options: {
    ...ingestOptions,
    ...formatOption,
    input: { type: 'string' },
    model: { type: 'string' },
    ...choiceMetricOption,
    fit: { type: 'string' },
    'spend-fit': { type: 'string' },
    horizon: { type: 'string' },
    'discount-rate': { type: 'string' },
    margin: { type: 'string' },
    penalizer: { type: 'string' },
    sort: { type: 'string' },
    top: { type: 'string' },
    interval: { type: 'string' },
    quantiles: { type: 'string' },
    draws: { type: 'string' },
    seed: { type: 'string' },
    'bootstrap-fallback': { type: 'boolean' },
    ...engineOptions,
    into: { type: 'string' },
    replace: { type: 'boolean' },
  },
  optionHelp: [
    ...ingestHelp,
    ...engineHelp,
    '--into TABLE                     with --engine: score every customer inside the engine into a new table',
    '                                 (schema.table) with the columns below; only the distinct (frequency,',
    '                                 recency, T) cross to Node (docs/sql.md). DuckDB needs --db FILE',
    '--replace                        with --into: replace the table when it exists (default: refuse)',
    '--input log|summary              an order log (default) or a summary CSV (see clvkit fit --help;',
    '                                 detected by its header, but standard input needs --input summary)',
    `--model NAME                     transaction model fitted on the fly: ${cliModelList(PREDICT_KINDS)} (default bgnbd),`,
    '                                 or auto: with --calibration-end, the model that predicted the holdout best',
    "                                 (clvkit evaluate's choice, docs/evaluation.md), refitted on all the data",
    ...choiceMetricHelp('with --model auto'),
    `--fit FILE                       a saved ${orList(modelsOf(...PREDICT_KINDS).map((m) => m.label))} fit instead (clvkit fit … --save)`,
    '--spend-fit FILE                 a saved Gamma-Gamma fit (default: fitted on the fly)',
    '--horizon N                      months ahead (default 12)',
    '--discount-rate R                per month (default 0.01)',
    '--margin M                       profit margin, a fraction in (0, 1]: CLV is M × predicted spend',
    '                                 (default 1: CLV as revenue; expected_spend stays revenue)',
    '--penalizer X                    L2 penalty for fits made on the fly (default 0)',
    '--sort clv|palive|purchases      order of the rows, highest first (default clv)',
    '--top N                          only the first N rows',
    '--interval P                     add purchases_low and purchases_high, clv_low and clv_high: the central',
    "                                 P % interval of each customer's purchases and CLV over the horizon (e.g.",
    "                                 90), by Monte Carlo from the models' posterior predictive (Gamma-Gamma's",
    '                                 posterior spend, discounted as clv), with parameter uncertainty when a fit',
    '                                 has a covariance (docs/intervals.md)',
    "--quantiles Q1,Q2,…              add purchases_q10 … and clv_q10 … : those quantiles of each customer's",
    '                                 purchases and CLV (levels in (0, 1), e.g. 0.1,0.5,0.9), as --interval',
    '                                 computes them',
    '--draws N                        Monte-Carlo draws per customer for --interval/--quantiles (default 1000)',
    '--seed S                         seed for --interval/--quantiles (default 1): same seed, same figures',
    "--bootstrap-fallback             with --interval/--quantiles: when a fit's covariance is not positive",
    '                                 definite (parameters not identified), draw its parameters by a bootstrap',
    '                                 over the customers (--draws refits; the spend fit over the repeat',
    '                                 spenders) instead of stopping; said on stderr',
    formatHelp,
  ],
  fieldFlags: {
    ...INGEST_FIELD_FLAGS,
    horizon: '--horizon',
    discountRate: '--discount-rate',
    margin: '--margin',
  },
  examples: [
    'clvkit predict orders.csv --time-unit week --top 20 --format table',
    'clvkit fit bgnbd orders.csv --time-unit week --save bg.json && clvkit predict orders.csv --time-unit week --fit bg.json',
    'clvkit predict orders.csv --time-unit week --model pnbd --spend-fit gg.json --sort palive --format csv > p.csv',
    'clvkit predict summary.csv --input summary --time-unit week --horizon 6 --discount-rate 0.008',
    'clvkit predict orders.csv --time-unit week --margin 0.3 --top 20   # CLV as profit at a 30% margin',
    'clvkit predict orders.csv --time-unit week --interval 90 --top 20   # with 90% purchase intervals',
    'clvkit predict --engine postgres --db postgres://localhost/shop --table sales.orders --time-unit week --into sales.customer_scores',
  ],
  async run(values, positionals, io) {
    const engine = usesEngine(values);
    const into = typeof values.into === 'string' ? values.into : undefined;
    if (values.into !== undefined && (into === undefined || into.trim() === ''))
      throw new CliUsageError('--into: expected a table name such as analytics.customer_scores');
    if (into !== undefined && !engine)
      throw new CliUsageError(
        '--into TABLE scores inside an engine: give --engine duckdb|postgres|clickhouse too',
      );
    if (into === undefined && values.replace !== undefined)
      throw new CliUsageError('--replace: only with --into');
    if (into !== undefined)
      for (const flag of [
        'interval',
        'quantiles',
        'draws',
        'seed',
        'bootstrap-fallback',
        'sort',
        'top',
        'format',
        'input',
      ] as const)
        if (values[flag] !== undefined)
          throw new CliUsageError(`--${flag}: not with --into (the scores are written to the table)`);
    const [file, ...extra] = positionals;
    if (file === undefined && !engine)
      throw new CliUsageError(`missing the input file (use '-' for standard input)`);
    if (extra.length > 0 && !engine) throw new CliUsageError(`unexpected argument '${extra[0]}'`);
    const format = outputFormat(values.format, io);
    const horizon = positiveInt('horizon', values.horizon, 12);
    const top = values.top === undefined ? undefined : positiveInt('top', values.top, 1);
    const sortKey = typeof values.sort === 'string' ? values.sort : 'clv';
    if (!(sortKey in SORTS))
      throw new CliUsageError(`--sort: expected clv, palive or purchases, received '${sortKey}'`);
    const rate = values['discount-rate'];
    const discountRate = rate === undefined ? 0.01 : Number(rate);
    if (typeof rate === 'string' && (rate.trim() === '' || Number.isNaN(discountRate)))
      throw new CliUsageError(
        `--discount-rate: expected a number such as 0.01 (per month), received '${rate}'`,
      );
    // Checked here so a bad value fails before any file is read or model fitted; the core validates it
    // again (as text, so it is taken at its decimal digits) with the same words.
    const margin = values.margin;
    if (margin !== undefined) {
      const m = typeof margin === 'string' && margin.trim() !== '' ? Number(margin) : Number.NaN;
      if (!(m > 0 && m <= 1))
        throw new CliUsageError(`--margin: expected a fraction in (0, 1], received '${String(margin)}'`);
    }
    const penalizer = penalizerOf(values.penalizer);
    const interval = intervalOf(values.interval);
    const lo = interval === undefined ? 0 : (1 - interval / 100) / 2;
    const levels = [
      ...(interval === undefined
        ? []
        : [
            { name: 'low', level: lo },
            { name: 'high', level: 1 - lo },
          ]),
      ...quantilesOf(values.quantiles),
    ];
    const draws = positiveInt('draws', values.draws, 1000);
    const seed = positiveInt('seed', values.seed, 1);
    if (
      levels.length === 0 &&
      (values.draws !== undefined || values.seed !== undefined || values['bootstrap-fallback'] !== undefined)
    )
      throw new CliUsageError(
        '--draws, --seed and --bootstrap-fallback: only with --interval or --quantiles',
      );
    if (values.fit !== undefined && values.model !== undefined)
      throw new CliUsageError('--model and --fit: give one (a model to fit now, or a saved fit)');
    const auto = wantsAuto(values);
    const choiceMetric = choiceMetricOf(values);
    if (choiceMetric !== undefined && !auto)
      throw new CliUsageError('--choice-metric ranks the models for --model auto: give --model auto too');
    if (auto) {
      requireSplitForAuto(values);
      if (engine || values.input === 'summary')
        throw new CliUsageError(
          '--model auto evaluates the models on an order log (not a summary CSV, not --engine)',
        );
    }
    const model = cliModel(
      typeof values.model === 'string' && !auto ? values.model : 'bgnbd',
      '--model',
      PREDICT_KINDS,
    );
    const savedFit = typeof values.fit === 'string' ? loadFit(values.fit) : undefined;
    const savedSpend =
      typeof values['spend-fit'] === 'string'
        ? loadFit(values['spend-fit'], '--spend-fit', ['spend'])
        : undefined;

    if (into !== undefined) {
      const timeUnit = timeUnitOf(values);
      for (const [what, saved] of [
        ['--fit', savedFit],
        ['--spend-fit', savedSpend],
      ] as const)
        if (saved?.timeUnit !== undefined && saved.timeUnit !== timeUnit)
          throw new CliInputError(
            `${what} was fitted with --time-unit ${saved.timeUnit}; this run uses ${timeUnit}`,
          );
      const onTheFly = (spec: typeof model) => {
        const progress = createFitProgress(io, values.quiet === true, spec.label);
        return async () => {
          const customers = await customersWithEngine(positionals, values, io, spec);
          const result = fitCliModel(
            spec,
            customers,
            fitOptions(penalizer, progress, cliEvaluator(values)),
            io,
          );
          progress.done();
          return result;
        };
      };
      const fit = savedFit ?? (await onTheFly(model)());
      const spendSpec = cliModel('gammaGamma', '--spend-fit', ['spend']);
      if (savedSpend === undefined && values.quiet !== true)
        io.stderr(
          "fitting Gamma-Gamma reads each customer's (frequency, monetary value) from the engine; pass --spend-fit FILE to keep only the groups on the wire\n",
        );
      const spendFit = savedSpend ?? (await onTheFly(spendSpec)());
      await scoreWithEngine(positionals, values, io, {
        fit,
        spendFit,
        horizon,
        discountRate,
        ...(margin === undefined ? {} : { margin: margin as string }),
        into: into.split('.'),
        ...(values.replace === true ? { replace: true } : {}),
      });
      return;
    }
    // --model auto: the evaluation's choice on the split, refitted on all data; predictions from all data.
    const choice = auto
      ? await (async () => {
          const { split, all } = await readSplitAndAll(file as string, values, io);
          const chosen = chooseModel(split, all, { choiceMetric, evaluator: cliEvaluator(values) });
          io.stderr(`${choiceLine(chosen, choiceMetric)}\n`);
          return { chosen, figures: { ...all.result.columns, timeUnit: timeUnitOf(values) } };
        })()
      : undefined;
    const c = choice
      ? choice.figures
      : engine
        ? await (async () => {
            const { result } = await summarizeWithEngine(positionals, values, io);
            return { ...result.columns, timeUnit: timeUnitOf(values) };
          })()
        : await readCustomerFigures(file as string, values, io, { idsAsKeys: true });
    for (const [what, saved] of [
      ['--fit', savedFit],
      ['--spend-fit', savedSpend],
    ] as const) {
      if (saved?.timeUnit !== undefined && saved.timeUnit !== c.timeUnit)
        throw new CliInputError(
          `${what} was fitted with --time-unit ${saved.timeUnit}; this run uses ${c.timeUnit}`,
        );
    }
    const fitted = (label: string, fitWith: (options: FitOptions) => FitLike) => {
      const progress = createFitProgress(io, values.quiet === true, label);
      const result = fitWith(fitOptions(penalizer, progress, cliEvaluator(values)));
      progress.done();
      return result;
    };
    const transactionModel =
      choice?.chosen.fit ?? savedFit ?? fitted(model.label, (options) => fitCliModel(model, c, options));
    const spendSpec = cliModel('gammaGamma', '--spend-fit', ['spend']);
    const spendModel =
      savedSpend ?? fitted(spendSpec.label, (options) => fitCliModel(spendSpec, c, options, io));
    const customers = {
      frequency: c.frequency,
      recency: c.recency,
      T: c.T,
      monetaryValue: c.monetaryValue,
      timeUnit: c.timeUnit as never,
    };
    const valueInput: LifetimeValueInput = {
      transactionModel,
      spendModel,
      customers,
      horizon,
      discountRate,
      margin: margin as string | undefined,
    };
    // Large bases are predicted on every core (--threads), the same figures bit for bit.
    const threads = threadCount(values);
    const predicted = await predictOnThreads(valueInput, threads === undefined ? {} : { threads });
    const value = predicted.lifetimeValue;
    const alive = predicted.probabilityAlive;
    // The model CLV already summed the expected purchases over the whole horizon.
    const purchases = value.expectedPurchases;
    const intervals =
      levels.length === 0
        ? undefined
        : purchaseAndValueQuantiles(
            io,
            valueInput,
            levels,
            draws,
            seed,
            values['bootstrap-fallback'] === true,
          );
    const ranges = intervals?.purchases ?? [];
    const clvRanges = intervals?.clv ?? [];
    const key = sortKey === 'palive' ? alive : sortKey === 'purchases' ? purchases : value.values;
    // Highest first, ties in input order; with --top only the first N are sorted.
    // (Every customer: a typed order, no list of ten million numbers; the values are the core's, finite.)
    const order = top === undefined ? orderAllByValueDescending(key) : topCustomersByCount(key, top);
    const count = order.length;
    // The columns of the scores table (`SCORE_SQL_COLUMNS`), with the interval columns after expected_purchases.
    const at = SCORE_SQL_COLUMNS.indexOf('expected_spend');
    const columns = [
      ...SCORE_SQL_COLUMNS.slice(0, at),
      ...ranges.map((r) => r.name),
      ...SCORE_SQL_COLUMNS.slice(at),
      ...clvRanges.map((r) => r.name),
    ];
    const id = c.customerId;
    // From a log the ids are the reader's keys until each row is printed (`idsAsKeys`).
    const labelOf = 'labelOf' in c ? c.labelOf : undefined;
    // The figure columns in `columns`' order after the id, and how each is shown: one list for every format.
    const money = { kind: 'money', places: 2 } as const;
    const moneyNumber = { kind: 'moneyNumber', places: 2 } as const;
    const rounded = { kind: 'rounded', places: FIGURE_PLACES } as const;
    const fixed4 = { kind: 'fixed', places: 4 } as const;
    const number = { kind: 'number', places: 0 } as const;
    const figures = [
      c.frequency,
      c.recency,
      c.T,
      c.monetaryValue,
      alive,
      purchases,
      ...ranges.map((r) => r.values),
      value.expectedSpend,
      value.values,
      ...clvRanges.map((r) => r.values),
    ];
    const formats: FigureFormat[] = [
      number,
      rounded,
      rounded,
      moneyNumber,
      fixed4,
      fixed4,
      ...ranges.map(() => number),
      moneyNumber,
      money,
      ...clvRanges.map(() => money),
    ];
    if (format === 'csv') {
      await writeFigureRows(
        io,
        { header: columns, order, labels: id, ...(labelOf ? { labelOf } : {}), columns: figures, formats },
        threads === undefined ? {} : { threads },
      );
      return;
    }
    writeRows(io, format, columns, count, (k) => {
      const i = order[k] as number;
      const given = id[i] as string | number;
      const row: Record<string, string | number> = { customer_id: labelOf ? labelOf(given) : given };
      for (let f = 0; f < figures.length; f++)
        row[columns[f + 1] as string] = figureValue(
          formats[f] as FigureFormat,
          (figures[f] as Float64Array)[i] as number,
        );
      return row;
    });
  },
};
