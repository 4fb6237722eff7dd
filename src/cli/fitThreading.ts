import type { LikelihoodEvaluator } from '../models/fit/likelihoodEvaluator.js';
import { fitThreads } from '../node/fitThreads.js';

/**
 * How every fit of the command line evaluates its likelihood: split across the machine's cores on large data
 * (clvkit/node's `fitThreads`, 100,000 rows or more; small data stays on one thread), so `clvkit fit`, `predict`,
 * `evaluate` and `report` use both cores of a 2-core machine without a flag.
 *
 * @example fitSpec(spec, customers, 'clvkit fit', { evaluator: cliEvaluator() })
 */
export function cliEvaluator(): LikelihoodEvaluator {
  return fitThreads();
}
