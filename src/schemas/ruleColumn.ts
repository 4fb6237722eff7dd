import { ClvError, ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { expectedFor, type FieldRule, MAX_LIST_LENGTH } from './field.js';
import { guardedRead, unreadableInput } from './parse.js';

/** A length a column must have: the count, and what it is in the caller's words ("3 entries, one per customer"). */
export interface ColumnLength {
  readonly count: number;
  readonly expected: string;
}

/**
 * A list of numbers read through one field rule, as the verbs and metrics read a column of times, counts or
 * values: an array (or any array-like, a typed array included) of at most `MAX_LIST_LENGTH` entries, of
 * `length.count` entries when given, every entry converted by `rule`. Every refused entry is named `name[i]`,
 * in one `ClvValidationError` (the first 1,000 kept and all counted: see `IssueList`); an entry that throws when
 * read (an array Proxy's trap) is named `name[i]` too, and a list whose length throws when read names the list.
 *
 * @example ruleColumn('expectedCumulativePurchases', 'times', numberRule({ min: 0 }), [1, 2, 3]) // Float64Array [1, 2, 3]
 */
export function ruleColumn(
  where: string,
  name: string,
  rule: FieldRule<number>,
  value: unknown,
  length?: ColumnLength,
): Float64Array {
  const n = guardedRead(where, name, () =>
    typeof value === 'object' && value !== null ? (value as ArrayLike<unknown>).length : undefined,
  );
  if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_LIST_LENGTH))
    throw new ClvValidationError(where, [
      makeIssue(name, `an array of numbers (at most ${MAX_LIST_LENGTH.toLocaleString('en-US')})`, value),
    ]);
  if (length !== undefined && n !== length.count)
    throw new ClvValidationError(where, [makeIssue(name, length.expected, n)]);
  const list = value as ArrayLike<unknown>;
  const out = new Float64Array(n);
  const issues = new IssueList();
  // One try around the loop rather than one per entry (`elementAt`): the index says which entry threw.
  let i = 0;
  try {
    for (; i < n; i++) {
      const entry = list[i];
      const x = rule.convert(entry);
      if (x === undefined) issues.note(`${name}[${i}]`, expectedFor(rule, entry), entry, i);
      else out[i] = x;
    }
  } catch (e) {
    if (e instanceof ClvError) throw e;
    throw unreadableInput(where, `${name}[${i}]`, e, i);
  }
  issues.throwIfAny(where);
  return out;
}
