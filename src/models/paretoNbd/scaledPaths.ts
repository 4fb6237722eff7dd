/**
 * The Pareto/NBD's future purchases in scaled form (`ModelKernels.futurePurchaseScaledPaths`; Schmittlein,
 * Morrison & Colombo 1987; Fader & Hardie 2005): the variates of the path sampler's draws
 * (`futurePurchaseDraws.ts`) rewritten so that customers with the same x share them.
 */
import type { CustomerColumns } from '../data/customers.js';
import type { PathScales, ScaledPurchasePaths } from '../model.js';
import type { Random } from '../simulate/random.js';
import { type ParetoNbdParams, paretoNbdProbabilityAliveColumns } from './predictions.js';

/**
 * The same paths in scaled form (`ModelKernels.futurePurchaseScaledPaths`), for customers with x repeat
 * purchases. The path sampler's remaining lifetime is τ = (β+T)((U/P(alive))^{−1/s} − 1) when U < P(alive), and
 * its purchase times satisfy o + t_j = o Π_{l ≤ j} V_l^{−1/(r+x+l−1)} with o = α+T. So with the customer-free
 * L = U^{−1/s} and P_j = Π_{l ≤ j} V_l^{−1/(r+x+l−1)}: alive iff c L > e and τ = c L − e, with c = (β+T) P(alive)^{1/s}
 * and e = β+T; purchase j falls at t_j = a P_j − b with a = b = o, and counts while t_j ≤ min(τ, end).
 *
 * @example paretoNbdScaledPaths(cdnowParams, 2).begin(createRandom(1), new Float64Array(1)) // L, with P_1 written
 */
export function paretoNbdScaledPaths(p: ParetoNbdParams, x: number): ScaledPurchasePaths {
  return new ParetoNbdScaledPaths(p, x);
}

/** `paretoNbdScaledPaths`' paths (a class: one set of compiled methods for every x and parameter draw). */
class ParetoNbdScaledPaths implements ScaledPurchasePaths {
  readonly lifetime = true;
  private readonly shape: number;

  constructor(
    private readonly p: ParetoNbdParams,
    x: number,
  ) {
    this.shape = p.r + x;
  }

  begin(random: Random, first: Float64Array): number {
    const life = Math.exp(-Math.log(random.uniform()) / this.p.s);
    first[0] = Math.exp(-Math.log(random.uniform()) / this.shape);
    return life;
  }

  next(random: Random, previous: number, j: number): number {
    return previous * Math.exp(-Math.log(random.uniform()) / (this.shape + j));
  }

  scales(customers: CustomerColumns, out: PathScales): void {
    const { a, b, c, e } = out;
    const p = this.p;
    const alive = paretoNbdProbabilityAliveColumns(p, customers);
    const { T } = customers;
    for (let i = 0; i < alive.length; i++) {
      const age = T[i] as number;
      const origin = p.alpha + age;
      a[i] = origin;
      b[i] = origin;
      c[i] = (p.beta + age) * Math.exp(Math.log(alive[i] as number) / p.s);
      e[i] = p.beta + age;
    }
  }
}
