/**
 * The one message of the spreadsheet build's stand-ins (tsup.config.ts, SHEETS_LEFT_OUT): what a left-out module
 * did is not available in the spreadsheet functions.
 */
import { ClvError } from '../errors.js';

/**
 * A stand-in for every export of a left-out module: it throws a `ClvError` saying `what` is not available.
 *
 * @example unavailableInSheets('sums over customers are')() // throws 'sums over customers are not available in the spreadsheet functions'
 */
export function unavailableInSheets(what: string): () => never {
  return () => {
    throw new ClvError(`${what} not available in the spreadsheet functions`);
  };
}
