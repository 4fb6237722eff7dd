import { ClvValidationError, makeIssue } from '../errors.js';
import type { Decimal } from '../money.js';

/** The input a result is blamed on when it overflows: the field's path and the value given. */
export interface Blame {
  readonly path: string;
  readonly value: unknown;
}

/**
 * Returns a computed figure after checking it is finite: the last guard of every formula, so no Infinity or
 * NaN ever leaves clvkit even if an input bound is ever loosened. A non-finite figure throws
 * `ClvValidationError` naming `where` and the input it is blamed on (`blame`), never returns.
 *
 * @example finiteFigure(new Decimal(2), 'lifespanFromChurn', 'lifespan', { path: 'churnRate', value: 0.5 }).toString() === '2'
 */
export function finiteFigure<T extends Decimal | number>(
  value: T,
  where: string,
  figure: string,
  blame: Blame,
): T {
  if (typeof value === 'number' ? Number.isFinite(value) : value.isFinite()) return value;
  throw new ClvValidationError(where, [
    makeIssue(blame.path, `a value for which ${figure} is finite (it overflowed)`, blame.value),
  ]);
}
