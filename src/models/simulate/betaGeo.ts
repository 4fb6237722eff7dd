/**
 * Seeded simulation of BG/NBD (Fader, Hardie & Lee 2005, §2) and MBG/NBD (Batislam, Denizel & Filiztekin 2007)
 * customers, for `simulateCustomers`.
 */
import type { BetaGeoParams } from '../betaGeo/likelihood.js';
import type { SimulatedCustomerColumns, SimulationSettings } from '../model.js';

/**
 * Expected purchases λ·age above which a customer's history is drawn count by count (O(1)) rather than purchase by
 * purchase; below it the walk through the purchases keeps every seeded simulation as it was.
 */
const PURCHASE_BY_PURCHASE = 10_000;

/**
 * The BG-family story for validated settings (shift 0: BG/NBD, 1: MBG/NBD, whose customers may drop out at
 * time 0): λ ~ Gamma(r, α), p ~ Beta(a, b); purchases a Poisson process of rate λ; after each repeat purchase
 * (and, for the MBG/NBD, at time 0) the customer drops out with probability p.
 */
export function simulateBetaGeoFamilyCustomers(
  shift: 0 | 1,
  params: BetaGeoParams,
  settings: SimulationSettings,
): SimulatedCustomerColumns {
  const { r, alpha, a, b } = params;
  const { T: ages, resolution: res, random: rng } = settings;
  const n = ages.length;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const alive = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const age = ages[i] as number;
    const li = rng.gamma(r, alpha);
    const pi = rng.beta(a, b);
    let x = 0;
    let tx = 0;
    let isAlive = !(shift === 1 && rng.uniform() < pi);
    if (isAlive && li * age > PURCHASE_BY_PURCHASE) {
      // Counts drawn whole: N ~ Poisson(λ·age) arrivals, the drop-out at purchase K ~ Geometric(p) (the coin
      // flips are independent of the arrival times); x = min(N, K), and t_x the x-th of N arrivals uniform on
      // (0, age]: the largest, age·U^{1/N}, when the customer outlives them, else age·Beta(K, N − K + 1).
      const arrivals = rng.poisson(li * age);
      const dropOut = 1 + Math.floor(Math.log(rng.uniform()) / Math.log1p(-pi));
      if (arrivals < dropOut) {
        x = arrivals;
        tx = arrivals > 0 ? age * rng.uniform() ** (1 / arrivals) : 0;
      } else {
        x = dropOut;
        tx = age * rng.beta(dropOut, arrivals - dropOut + 1);
        isAlive = false;
      }
    } else {
      let time = 0;
      while (isAlive) {
        time += rng.exponential(li);
        if (!(time <= age)) break;
        x++;
        tx = time;
        if (rng.uniform() < pi) isAlive = false;
      }
    }
    if (res !== undefined && x > 0) tx = Math.min(age, Math.floor(tx / res) * res);
    frequency[i] = x;
    recency[i] = tx;
    T[i] = age;
    alive[i] = isAlive ? 1 : 0;
  }
  return { frequency, recency, T, weights: undefined, alive };
}
