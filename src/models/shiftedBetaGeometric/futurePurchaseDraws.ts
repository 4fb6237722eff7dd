/** The sBG's posterior predictive sampler of future renewals, for `predictivePurchases`. */
import type { CustomerColumns } from '../data/customers.js';
import type { FuturePurchasePathSampler, FuturePurchaseSampler } from '../model.js';
import { betaGeometricInverse, periodsIn, stepIndex } from '../simulate/countDraws.js';
import type { ShiftedBetaGeometricParams } from './predictions.js';

/**
 * Draws of Y = renewals in the next t decisions of a customer observed over T decisions with x renewals (sBG,
 * Fader & Hardie 2007): after churn (x < T) Y = 0; an active customer (x = T) has θ ~ Beta(α, β+T) a posteriori
 * and renews until the first churn, so P(Y ≥ k) = S(T+k)/S(T) = B(α, β+T+k)/B(α, β+T), capped at t — the
 * beta-geometric, drawn by inversion. Contractual churn is observed, so there is no alive-state uncertainty.
 *
 * @example shiftedBetaGeometricFuturePurchaseSampler({ alpha: 0.704, beta: 1.182 }, 5, active)(0, createRandom(1)) // 0 … 5
 */
export function shiftedBetaGeometricFuturePurchaseSampler(
  p: ShiftedBetaGeometricParams,
  t: number,
  customers: CustomerColumns,
): FuturePurchaseSampler {
  const { frequency, T } = customers;
  return (i, random) => {
    const age = T[i] as number;
    return (frequency[i] as number) < age
      ? 0
      : betaGeometricInverse(random.uniform(), p.alpha, p.beta + age, t);
  };
}

/**
 * Paths of the same posterior predictive: renewals per step, renewal j (period T + j) falling in step
 * ⌈j / step⌉; an active customer renews K times, K beta-geometric as above, capped at the J whole periods of
 * the horizon. The same uniform as `shiftedBetaGeometricFuturePurchaseSampler`, so the same totals.
 *
 * @example shiftedBetaGeometricFuturePurchasePathSampler({ alpha: 0.704, beta: 1.182 }, 1, 5, active)(0, createRandom(1), new Float64Array(5))
 */
export function shiftedBetaGeometricFuturePurchasePathSampler(
  p: ShiftedBetaGeometricParams,
  step: number,
  steps: number,
  customers: CustomerColumns,
): FuturePurchasePathSampler {
  const { frequency, T } = customers;
  const periods = periodsIn(step, steps);
  return (i, random, counts) => {
    const age = T[i] as number;
    if ((frequency[i] as number) < age) return 0;
    const renewals = betaGeometricInverse(random.uniform(), p.alpha, p.beta + age, periods);
    for (let j = 1; j <= renewals; j++) {
      const k = stepIndex(j, step, steps);
      counts[k] = (counts[k] as number) + 1;
    }
    return renewals;
  };
}
