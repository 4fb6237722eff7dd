/**
 * clvkit — customer lifetime value: exact formula CLV, segmentation, retention metrics and
 * buy-till-you-die models. This module is the pure core: no I/O, no clocks, no globals.
 */
export { ClvError, ClvFitError, type ClvIssue, ClvValidationError, type FitDiagnostics } from './errors.js';
export * from './formulas/index.js';
export * from './metrics/index.js';
export * from './models/index.js';
export { Decimal, type DecimalInput, moneyText, moneyUnits, roundMoney, toDecimal } from './money.js';
export { MoneySchema } from './schemas/field.js';
export * from './segments/index.js';
export * from './sql/index.js';
export * from './transactions/index.js';
// Prediction intervals (issue 16): parameter draws and predictive distributions.
export * from './uncertainty/index.js';
