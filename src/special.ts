/**
 * `clvkit/special`: the special functions the models are built on, for users who need them (log-gamma,
 * digamma, log-beta, log-space sums and the Gauss hypergeometric function in log space). Pure, float64.
 *
 * @packageDocumentation
 * @module clvkit/special
 */
export { digamma } from './models/special/digamma.js';
export { logHyp2f1 } from './models/special/hyp2f1.js';
export { lgamma } from './models/special/lgamma.js';
export { logBeta } from './models/special/logBeta.js';
export { logDiffExp, logSumExp } from './models/special/logSumExp.js';
