import * as z from 'zod/mini';
import { type Decimal, type DecimalInput, ownDecimal } from '../money.js';
import { decimalSchema } from '../schemas/field.js';
import { finiteFigure } from '../schemas/finite.js';
import { parseInput } from '../schemas/parse.js';
import { withCrossCheck } from '../schemas/record.js';

const AnyNumber = decimalSchema({}, 'a finite number');
const RatioInputSchema = z.strictObject({
  clv: AnyNumber,
  cac: decimalSchema({ min: 0, minExclusive: true }, 'an amount'),
});

/**
 * CLV:CAC ratio: clv / cac. A ratio of 3 (3:1) is the usual health line.
 *
 * @example clvToCacRatio(900, 300).toString() === '3'
 */
export function clvToCacRatio(clv: DecimalInput, cac: DecimalInput): Decimal {
  const v = parseInput(RatioInputSchema, { clv, cac }, 'clvToCacRatio');
  return finiteFigure(v.clv.div(v.cac), 'clvToCacRatio', 'the ratio', { path: 'cac', value: v.cac });
}

/** How a CLV:CAC ratio reads. */
export type ClvToCacVerdict = 'losing' | 'thin' | 'healthy' | 'underinvesting';

/** Lower bounds of the verdicts: ratio < thin is `losing`, [thin, healthy) `thin`, [healthy, underinvesting] `healthy`, above `underinvesting`. */
export interface ClvToCacThresholds {
  readonly thin: DecimalInput;
  readonly healthy: DecimalInput;
  readonly underinvesting: DecimalInput;
}

export const ClvToCacThresholdsSchema = withCrossCheck(
  z.strictObject({ thin: AnyNumber, healthy: AnyNumber, underinvesting: AnyNumber }),
  (t) =>
    t.thin.lte(t.healthy) && t.healthy.lte(t.underinvesting)
      ? []
      : [{ field: 'healthy', expected: 'thresholds with thin ≤ healthy ≤ underinvesting', value: t.healthy }],
);

/** The usual reading: below 1 loses money, 1–3 thin, 3–5 healthy, above 5 under-investing in growth. */
export const DEFAULT_CLV_TO_CAC_THRESHOLDS: ClvToCacThresholds = { thin: 1, healthy: 3, underinvesting: 5 };

/**
 * Reads a CLV:CAC ratio: `'losing'` (< 1), `'thin'` (1 to < 3), `'healthy'` (3 to 5), `'underinvesting'` (> 5).
 * The bounds are configurable. A ratio that is one of clvkit's own Decimals, as `clvToCacRatio` returns it, is
 * read as it is, whatever its size (1e14 / 0.01 is 1e16, past the bound on numbers and text given as input).
 *
 * @example assessClvToCac(3) === 'healthy'; assessClvToCac(0.8) === 'losing'
 */
export function assessClvToCac(
  ratio: DecimalInput,
  thresholds: ClvToCacThresholds = DEFAULT_CLV_TO_CAC_THRESHOLDS,
): ClvToCacVerdict {
  const r =
    ownDecimal(ratio) ?? parseInput(z.strictObject({ ratio: AnyNumber }), { ratio }, 'assessClvToCac').ratio;
  const t = parseInput(ClvToCacThresholdsSchema, thresholds, 'assessClvToCac');
  if (r.lt(t.thin)) return 'losing';
  if (r.lt(t.healthy)) return 'thin';
  if (r.lte(t.underinvesting)) return 'healthy';
  return 'underinvesting';
}
