/**
 * Seeded simulation of Pareto/NBD customers (Schmittlein, Morrison & Colombo 1987), for `simulateCustomers`:
 * λ ~ Gamma(r, α) and μ ~ Gamma(s, β) per customer, lifetime τ ~ Exponential(μ), purchases a Poisson process of
 * rate λ on (0, min(τ, T)]. Given x purchases there, their times are uniform, so t_x is the window times the
 * largest of x uniforms, U^{1/x} (David & Nagaraja 2003, order statistics).
 */
import type { SimulatedCustomerColumns, SimulationSettings } from '../model.js';
import type { ParetoNbdParams } from '../paretoNbd/predictions.js';

/** The Pareto/NBD story for validated settings. */
export function simulateParetoNbdCustomers(
  p: ParetoNbdParams,
  settings: SimulationSettings,
): SimulatedCustomerColumns {
  const { T: ages, resolution, random: rng } = settings;
  const n = ages.length;
  const alive = new Uint8Array(n);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const age = ages[i] as number;
    const lambda = rng.gamma(p.r, p.alpha);
    const mu = rng.gamma(p.s, p.beta);
    const tau = rng.exponential(mu);
    const window = Math.min(tau, age);
    const x = rng.poisson(lambda * window);
    let tx = x === 0 ? 0 : window * rng.uniform() ** (1 / x);
    if (resolution !== undefined) tx = Math.floor(tx / resolution) * resolution;
    frequency[i] = x;
    recency[i] = Math.min(tx, age);
    T[i] = age;
    alive[i] = tau > age ? 1 : 0;
  }
  return { frequency, recency, T, weights: undefined, alive };
}
