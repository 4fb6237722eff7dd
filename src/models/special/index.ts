export { digamma } from './digamma.js';
export { lgamma } from './lgamma.js';
export { logBeta } from './logBeta.js';
export { log1mExp, logDiffExp, logSumExp } from './logSumExp.js';
