import * as z from 'zod/mini';
import type { ModelDefinition } from './modelDefinition.js';

/** A log-likelihood bound to one data set, evaluated elsewhere (see `LikelihoodEvaluator`). */
export interface BoundLikelihood {
  /** The same number as `definition.logLikelihood(params, data, grad)`, and the same gradient into `grad`. */
  logLikelihood(params: Float64Array, grad?: Float64Array): number;
  /** Frees what the evaluation holds (threads, shared memory); called once, when the fit is done. */
  close(): void;
}

/**
 * A way to evaluate a model's log-likelihood other than in place — e.g. split across threads by the Node
 * entry's `fitThreads`. `fitModel` asks it once per fit (`FitOptions.evaluator`) for the data set over every
 * customer; undefined means "evaluate in place" (data too small to pay, a model it cannot split). The pure core
 * defines only this contract and never starts a thread itself.
 *
 * @example fitBetaGeo(customers, { evaluator: fitThreads() }) // clvkit/node: both cores on large data
 */
export interface LikelihoodEvaluator {
  /** The log-likelihood of `definition` over `data`, bound for evaluation elsewhere; undefined: evaluate in place. */
  bind<D>(definition: ModelDefinition<D>, data: D): BoundLikelihood | undefined;
}

/** The options' schema of a `LikelihoodEvaluator` (fits and `evaluateModels` take one): an object with `bind`. */
export const LikelihoodEvaluatorSchema = z.custom<LikelihoodEvaluator>(
  (v) => typeof v === 'object' && v !== null && typeof (v as LikelihoodEvaluator).bind === 'function',
  { message: 'expected a likelihood evaluator (bind(definition, data))' },
);
