import { ClvValidationError, makeIssue } from '../errors.js';

/**
 * The words of a field rejected for being blank: one wording for the CLI's reader and the SQL engines' account
 * (`clvkit/node`), so a user meets the same line whichever read the file. `hint` is appended as it is (the
 * CLI's advice on a flag, with its leading space). Throws `ClvValidationError` when an argument is not a string.
 *
 * @example blankFieldReason('Total', 'an amount') === 'column Total: expected an amount, received a blank'
 */
export function blankFieldReason(column: string, expected: string, hint = ''): string {
  const args = { column, expected, hint };
  for (const [field, value] of Object.entries(args))
    if (typeof value !== 'string')
      throw new ClvValidationError('blankFieldReason', [makeIssue(field, 'a string', value)]);
  return `column ${column}: expected ${expected}, received a blank${hint}`;
}
