import { type FitOptions, fitToJson } from '../../index.js';
import type { LikelihoodEvaluator } from '../../models/fit/likelihoodEvaluator.js';
import { CliUsageError, type Command, formatHelp, formatOption, outputFormat } from '../command.js';
import { readCustomerFigures } from '../customersFile.js';
import { customersWithEngine, engineHelp, engineOptions, usesEngine } from '../engine.js';
import { cliEvaluator } from '../fitThreading.js';
import { INGEST_FIELD_FLAGS, ingestHelp, ingestOptions, ingestSettings } from '../ingest/index.js';
import { cliModel, cliModelList, fitCliModel } from '../models.js';
import { formatRows } from '../output.js';
import { openOutput } from '../outputFile.js';
import { createFitProgress, type FitProgress } from '../progress.js';

declare const CLVKIT_VERSION: string;

/** The fitter's options: the penalizer, the machine's cores (`cliEvaluator`) and, on a terminal, the progress line's callback. */
export function fitOptions(
  penalizer: number,
  progress: FitProgress,
  evaluator: LikelihoodEvaluator,
): FitOptions {
  return progress.onEvaluation
    ? { penalizer, evaluator, onEvaluation: progress.onEvaluation }
    : { penalizer, evaluator };
}

/** Parses --penalizer (default 0). */
export function penalizerOf(value: string | boolean | undefined): number {
  if (value === undefined) return 0;
  const x = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(x) || x < 0)
    throw new CliUsageError(`--penalizer: expected a number of 0 or more, received '${String(value)}'`);
  return x;
}

const sig = (x: number) => Number(x.toPrecision(6));

export const fitCommand: Command = {
  name: 'fit',
  summary: `fit ${cliModelList(undefined, ' | ').replace(' or ', ' | ')} to an order log or a customer summary`,
  usage: 'clvkit fit <model> <file|-> [--save fit.json] [--penalizer X] [options]',
  options: {
    ...ingestOptions,
    ...engineOptions,
    ...formatOption,
    input: { type: 'string' },
    save: { type: 'string' },
    penalizer: { type: 'string' },
  },
  optionHelp: [
    `MODEL                            ${cliModelList()} (the model ids, e.g. betaGeo, also work)`,
    ...ingestHelp,
    ...engineHelp,
    '--input log|summary              the file is an order log (default) or a summary CSV with frequency (x),',
    '                                 recency (t_x), T[, monetary_value (zbar), periods (n), weights]; detected by its header',
    '                                 (standard input: give --input summary)',
    '                                 bgbb from a log: --time-unit week|month|quarter|year is the period; opportunities',
    "                                 are the calendar periods after the first purchase's, up to the one holding the end",
    '--penalizer X                    L2 penalty on the parameters, as lifetimes (default 0)',
    '--save FILE                      write the fit as JSON (docs/fit-file.md) for `clvkit predict --fit`',
    formatHelp,
  ],
  fieldFlags: INGEST_FIELD_FLAGS,
  examples: [
    'clvkit fit bgnbd orders.csv --time-unit week --save bgnbd.json',
    'clvkit fit pnbd ../shared/data/cdnow/cdnow_customers_summary_with_transactions.csv --time-unit week',
    'clvkit fit gammagamma orders.csv --time-unit week --save spend.json',
    'clvkit fit bgbb donations.csv --input summary   # columns frequency, recency, periods, weights',
    'clvkit fit bgbb orders.csv --time-unit month --observation-end 2024-12-31   # monthly opportunities',
  ],
  async run(values, positionals, io) {
    const [name, file, ...extra] = positionals;
    const model = cliModel(name, 'the first argument (the model)');
    const engine = usesEngine(values); // --engine duckdb|postgres (issue #7): the summary runs in SQL
    if (file === undefined && !engine)
      throw new CliUsageError(`missing the input file (use '-' for standard input)`);
    if (extra.length > 0) throw new CliUsageError(`unexpected argument '${extra[0]}'`);
    const format = outputFormat(values.format, io);
    const penalizer = penalizerOf(values.penalizer);
    if (!engine) ingestSettings(values);
    // Opened (as a temporary file) before any work: a bad or unwritable --save, or one naming the input, fails now.
    const save =
      typeof values.save === 'string'
        ? openOutput(values.save, '--save', engine ? positionals.slice(1) : [file as string])
        : undefined;
    const customers = engine
      ? await customersWithEngine(positionals.slice(1), values, io, model)
      : await readCustomerFigures(file as string, values, io, { discrete: model.dataKind === 'discrete' });
    const progress = createFitProgress(io, values.quiet === true, model.label);
    const fit = fitCliModel(model, customers, fitOptions(penalizer, progress, cliEvaluator(values)), io);
    progress.done();
    const version = typeof CLVKIT_VERSION === 'string' ? CLVKIT_VERSION : 'dev';
    const json = fitToJson(fit, { createdWith: `clvkit ${version}` });
    if (save) {
      save.write(`${JSON.stringify(json, null, 2)}\n`);
      save.commit();
    }
    if (format === 'json' || format === 'ndjson') {
      io.stdout(format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : `${JSON.stringify(json)}\n`);
      return;
    }
    const params = fit.paramNames.map((p) => ({
      parameter: p,
      estimate: sig(fit.params[p] as number),
      std_error: sig(fit.standardErrors[p] as number),
      ci95_low: sig((fit.confidenceIntervals[p] as readonly [number, number])[0]),
      ci95_high: sig((fit.confidenceIntervals[p] as readonly [number, number])[1]),
    }));
    const facts = [
      { figure: 'model', value: fit.label },
      { figure: 'customers', value: fit.n },
      { figure: 'log-likelihood', value: sig(fit.logLikelihood) },
      { figure: 'AIC', value: sig(fit.aic) },
      { figure: 'BIC', value: sig(fit.bic) },
      { figure: 'converged', value: fit.converged ? 'yes' : 'no (loose tolerance met)' },
      { figure: 'iterations', value: fit.iterations },
    ];
    if (format === 'table') {
      io.stdout(`${formatRows(params, format)}\n${formatRows(facts, format)}`);
      return;
    }
    // One CSV table: the parameters, then the fit's figures in the estimate column.
    const figures = facts.map((f) => ({ parameter: f.figure, estimate: f.value }));
    io.stdout(formatRows([...params, ...figures], format, Object.keys(params[0] ?? { parameter: '' })));
  },
};
