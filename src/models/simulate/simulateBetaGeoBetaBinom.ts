/**
 * Seeded simulation of BG/BB customers (Fader, Hardie & Berger 2010), for `simulateCustomers`: per customer
 * p ~ Beta(α, β) and θ ~ Beta(γ, δ); at the start of each opportunity 1, …, n an alive customer drops out
 * with probability θ (the likelihood's B(γ, δ+n)/B(γ, δ) = E[(1−θ)^n]), else transacts with probability p.
 * `alive` is the state at opportunity n + 1, as P(alive) predicts it.
 */
import type { BetaGeoBetaBinomParams } from '../betaGeoBetaBinom/predictions.js';
import type { SimulatedCustomerColumns, SimulationSettings } from '../model.js';

/** The BG/BB story for validated settings; `T` holds each customer's number of opportunities n. */
export function simulateBetaGeoBetaBinomCustomers(
  p: BetaGeoBetaBinomParams,
  settings: SimulationSettings,
): SimulatedCustomerColumns {
  const { T: periods, random: rng } = settings;
  const customers = periods.length;
  const frequency = new Float64Array(customers);
  const recency = new Float64Array(customers);
  const T = Float64Array.from(periods);
  const alive = new Uint8Array(customers);
  for (let i = 0; i < customers; i++) {
    const buy = rng.beta(p.alpha, p.beta);
    const drop = rng.beta(p.gamma, p.delta);
    const n = periods[i] as number;
    let x = 0;
    let tx = 0;
    let isAlive = true;
    for (let t = 1; t <= n; t++) {
      if (rng.bernoulli(drop)) {
        isAlive = false;
        break;
      }
      if (rng.bernoulli(buy)) {
        x += 1;
        tx = t;
      }
    }
    frequency[i] = x;
    recency[i] = tx;
    alive[i] = isAlive && !rng.bernoulli(drop) ? 1 : 0;
  }
  return { frequency, recency, T, weights: undefined, alive };
}
