import type { FieldRule } from './field.js';

/**
 * A customer id: a non-empty string or a safe integer. One rule for every input that names customers
 * (order logs, cohorts, RFM rows), so they accept and reject the same ids with the same words.
 *
 * @example customerIdRule.convert('C001') === 'C001'; customerIdRule.convert('') === undefined
 */
export const customerIdRule: FieldRule<string | number> = {
  expected: 'a customer id (a non-empty string or an integer)',
  convert: (value) =>
    (typeof value === 'string' && value.length > 0) || Number.isSafeInteger(value)
      ? (value as string | number)
      : undefined,
};
