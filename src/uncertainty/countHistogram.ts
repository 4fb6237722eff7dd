/**
 * The histogram of simulated purchase counts (draws per count) that the predictive verbs keep per customer or
 * purchase history, and its bound.
 */
import { ClvFitError } from '../errors.js';

/**
 * The most purchases one draw of one customer may make in the horizon: the histogram holds a float64 per count
 * (80 MB at this bound). Only a parameter draw far in the tail of a poorly determined estimate gets near it.
 */
export const MAX_DRAWN_PURCHASES = 10_000_000;

/**
 * `histogram` itself when it holds the index `count`, else a copy grown to hold it (doubling, at most
 * `MAX_DRAWN_PURCHASES` + 1 long). Past the bound, a `ClvFitError` ("not computed") naming `model`: such a draw
 * (a purchase rate of 10⁵⁰ from a draw of r ≈ 10⁵⁰) has left the model's numerics, as a series that does not
 * converge has, and the callers treat it alike (`holdoutIntervals` falls back to the estimates fixed).
 *
 * @example histogramHolding(new Float64Array(16), 40, 'betaGeo').length // 41
 */
export function histogramHolding(
  histogram: Float64Array<ArrayBuffer>,
  count: number,
  model: string,
): Float64Array<ArrayBuffer> {
  if (count < histogram.length) return histogram;
  if (!(count <= MAX_DRAWN_PURCHASES))
    throw new ClvFitError(
      {
        model,
        reason: `a draw of ${count.toPrecision(3)} purchases by one customer in the horizon, more than ${MAX_DRAWN_PURCHASES.toLocaleString('en-US')} (a parameter draw far out in its tail)`,
      },
      'not computed',
    );
  const grown = new Float64Array(
    Math.min(Math.max(2 * histogram.length, count + 1), MAX_DRAWN_PURCHASES + 1),
  );
  grown.set(histogram);
  return grown;
}
