/**
 * The words of a field rejected for being blank: one wording for the CLI's reader and the SQL engines' account,
 * so a user meets the same line whichever read the file. `hint` is appended as it is (the CLI's advice on a
 * flag, with its leading space).
 *
 * @example blankFieldReason('Total', 'an amount') === 'column Total: expected an amount, received a blank'
 */
export function blankFieldReason(column: string, expected: string, hint = ''): string {
  return `column ${column}: expected ${expected}, received a blank${hint}`;
}
