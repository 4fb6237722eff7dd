/**
 * `--model auto` of `clvkit predict` and `clvkit report`: the model chosen by the core's evaluation
 * (`evaluateModels`, whose rule is `rankModels` in src/evaluation/modelChoice.ts), refitted on all the data.
 * The CLI only reads the log twice (with the split for the evaluation, without it for the refit) and says what
 * was chosen and why.
 */

import { Readable } from 'node:stream';
import { ClvFitError } from '../errors.js';
import {
  CHOICE_METRICS,
  type ChoiceMetric,
  DEFAULT_CHOICE_METRIC,
  type EvaluationResult,
  evaluateModels,
  fitFromParams,
  type ParamsFit,
  type TimeUnit,
} from '../index.js';
import type { LikelihoodEvaluator } from '../models/fit/likelihoodEvaluator.js';
import { type CliIo, CliUsageError } from './command.js';
import { type FileSummary, type SummaryNeeds, summarizeFile } from './ingest/index.js';

type Values = Readonly<Record<string, string | boolean | undefined>>;

/** The `--model` value that asks for the evaluation's choice. */
export const AUTO_MODEL = 'auto';

/** `--choice-metric M`, shared by `clvkit evaluate`, `clvkit predict --model auto` and `clvkit report`. */
export const choiceMetricOption = { 'choice-metric': { type: 'string' } } as const;

/**
 * The help lines of `--choice-metric` (the metric names are the core's, `CHOICE_METRICS`), with when it applies.
 *
 * @example choiceMetricHelp('with --model auto')[0] // '--choice-metric M … what ranks the models on the holdout (with --model auto): one of'
 */
export function choiceMetricHelp(when?: string): readonly string[] {
  const pad = ' '.repeat(33);
  return [
    `--choice-metric M                what ranks the models on the holdout${when === undefined ? '' : ` (${when})`}: one of`,
    `${pad}${CHOICE_METRICS.join(', ')} (default ${DEFAULT_CHOICE_METRIC}: mean absolute error`,
    `${pad}of holdout purchases per customer; bias by |bias|; gini and loglik highest first;`,
    `${pad}ties go to the lower BIC)`,
  ];
}

/** The `--choice-metric` value, checked against the core's names before any work (undefined when not given). */
export function choiceMetricOf(values: Values): ChoiceMetric | undefined {
  const metric = values['choice-metric'];
  if (metric === undefined) return undefined;
  if (!(CHOICE_METRICS as readonly unknown[]).includes(metric))
    throw new CliUsageError(
      `--choice-metric: expected ${CHOICE_METRICS.join(', ')}, received '${String(metric)}'`,
    );
  return metric as ChoiceMetric;
}

/** Whether `--model auto` was asked for. */
export const wantsAuto = (values: Values): boolean => values.model === AUTO_MODEL;

/** The usage error of `--model auto` without a calibration split (nothing to evaluate the models on). */
export function requireSplitForAuto(values: Values): void {
  if (typeof values['calibration-end'] !== 'string')
    throw new CliUsageError(
      '--model auto chooses the model on a holdout: give --calibration-end DATE (the last day of the calibration period)',
    );
}

/**
 * Reads an order log twice: with the calibration split (the account `read N rows: …` printed once) and to
 * the observation end without it (that one with `needs`). Standard input is read once into memory and
 * replayed.
 */
export async function readSplitAndAll(
  file: string,
  values: Values,
  io: CliIo,
  needs: SummaryNeeds = {},
): Promise<{ readonly split: FileSummary; readonly all: FileSummary }> {
  const replay = file === '-' && io.stdin !== undefined ? await bytesOf(io.stdin) : undefined;
  const from = (quiet: boolean): CliIo => ({
    ...io,
    ...(replay === undefined ? {} : { stdin: Readable.from([replay]) }),
    ...(quiet ? { stderr: () => {} } : {}),
  });
  // The split summary feeds the evaluation, whose tracking chart reads the occasions (cohortRetention by day).
  const split = await summarizeFile(file, values, from(false), { cohorts: true });
  const all = await summarizeFile(file, withoutSplit(values), from(true), needs);
  return { split, all };
}

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** The reading flags of the second read: no split, no progress, no second rejects file. */
const withoutSplit = (values: Values): Values => ({
  ...values,
  'calibration-end': undefined,
  rejects: undefined,
  quiet: true,
});

/** The evaluation and the chosen model refitted on all the data, ready for every verb. */
export interface ModelChoice {
  readonly evaluation: EvaluationResult;
  /**
   * The recommended model with its parameters refitted on all data, that fit's log-likelihood and its
   * covariance (`paramNames`, `covariance`: kept by the evaluation, for parameter draws without a refit).
   */
  readonly fit: ParamsFit & {
    readonly logLikelihood: number;
    readonly paramNames: readonly string[];
    readonly covariance: readonly (readonly number[])[];
  };
}

/**
 * Runs the core's evaluation on the split summary (every applicable model; ranked by `choiceMetric`, default
 * the core's) and returns the recommended model refitted on all the data. A refit that failed is an error
 * naming the model. The fit carries the refit's covariance, so intervals draw its parameters without refitting.
 */
export function chooseModel(
  split: FileSummary,
  all: FileSummary,
  options: {
    readonly models?: readonly string[];
    readonly choiceMetric?: ChoiceMetric | undefined;
    /** How the fits evaluate their likelihood (the command's `cliEvaluator`; default one thread). */
    readonly evaluator?: LikelihoodEvaluator;
  } = {},
): ModelChoice {
  const evaluation = evaluateModels(split.result, {
    allData: all.result,
    ...(options.evaluator === undefined ? {} : { evaluator: options.evaluator }),
    ...(options.models === undefined ? {} : { models: [...options.models] }),
    ...(options.choiceMetric === undefined ? {} : { choiceMetric: options.choiceMetric }),
  });
  const refit = evaluation.recommended.refit;
  if (refit === null)
    throw new ClvFitError({
      model: evaluation.recommended.model,
      reason: `the refit on all data failed: ${evaluation.failures.map((f) => f.reason).join('; ')}`,
    });
  const fit = fitFromParams({
    model: refit.model as never,
    params: refit.params,
    timeUnit: refit.timeUnit as TimeUnit,
  });
  return {
    evaluation,
    fit: {
      ...fit,
      logLikelihood: refit.logLikelihood,
      paramNames: refit.paramNames,
      covariance: refit.covariance,
    },
  };
}

/**
 * The line that says what `--model auto` chose and why, e.g. `model: auto chose paretoNbd (Pareto/NBD) on the
 * holdout 1997-09-30 to 1998-06-30 by mae (the default; --choice-metric): lowest holdout MAE …; refitted on all
 * data to 1998-06-30`.
 */
export function choiceLine(choice: ModelChoice, given?: ChoiceMetric): string {
  const e = choice.evaluation;
  return `model: auto chose ${e.recommended.model} (${choice.fit.label}) on the holdout ${e.calibrationEnd} to ${e.observationEnd} by ${metricWords(e.choiceMetric, given)}: ${e.recommended.reason}; refitted on all data to ${e.observationEnd}`;
}

/** `mae (the default; --choice-metric)` or `rmse (--choice-metric)`: the metric and where it came from. */
export const metricWords = (metric: string, given: ChoiceMetric | undefined): string =>
  `${metric} (${given === undefined ? 'the default; ' : ''}--choice-metric)`;
