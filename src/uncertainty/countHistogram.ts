/**
 * The histogram of simulated purchase counts (draws per count) that the predictive verbs keep per customer or
 * purchase history, and its bound.
 */
import { MAX_DRAWN_PURCHASES, tooManyPurchases } from '../models/simulate/countDraws.js';

/**
 * `histogram` itself when it holds the index `count`, else a copy grown to hold it (doubling, at most
 * `MAX_DRAWN_PURCHASES` + 1 long). Past the bound, `tooManyPurchases(model, count)` is thrown.
 *
 * @example histogramHolding(new Float64Array(16), 40, 'betaGeo').length // 41
 */
export function histogramHolding(
  histogram: Float64Array<ArrayBuffer>,
  count: number,
  model: string,
): Float64Array<ArrayBuffer> {
  if (count < histogram.length) return histogram;
  if (!(count <= MAX_DRAWN_PURCHASES)) throw tooManyPurchases(model, count);
  const grown = new Float64Array(
    Math.min(Math.max(2 * histogram.length, count + 1), MAX_DRAWN_PURCHASES + 1),
  );
  grown.set(histogram);
  return grown;
}
