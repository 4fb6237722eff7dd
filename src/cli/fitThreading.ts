import type { LikelihoodEvaluator } from '../models/fit/likelihoodEvaluator.js';
import { fitThreads } from '../node/fitThreads.js';
import { CliUsageError } from './command.js';

/**
 * How every fit of the command line evaluates its likelihood: split across `--threads` threads (default the
 * machine's cores) on large data (clvkit/node's `fitThreads`: 100,000 rows or more; small data stays on one
 * thread), so `clvkit fit`, `predict`, `evaluate` and `report` use both cores of a 2-core machine without a flag.
 *
 * @example fitSpec(spec, customers, 'clvkit fit', { evaluator: cliEvaluator({ threads: '2' }) })
 */
export function cliEvaluator(values: { readonly threads?: unknown } = {}): LikelihoodEvaluator {
  const n = threadCount(values);
  return n === undefined ? fitThreads() : fitThreads({ threads: n });
}

/**
 * `--threads` (the reading, the fits and the score rows' printing): a whole number from 1 to 64, or undefined when not given (every core).
 *
 * @example threadCount({ threads: '1' }) // 1
 */
export function threadCount(values: { readonly threads?: unknown } = {}): number | undefined {
  const given = values.threads;
  if (given === undefined) return undefined;
  const n = typeof given === 'string' && /^[0-9]+$/.test(given.trim()) ? Number(given) : Number.NaN;
  if (!(Number.isInteger(n) && n >= 1 && n <= 64))
    throw new CliUsageError(`--threads: expected a whole number from 1 to 64, received '${String(given)}'`);
  return n;
}
