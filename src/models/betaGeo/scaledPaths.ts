/**
 * The BG family's future purchases in scaled form (`ModelKernels.futurePurchaseScaledPaths`; BG/NBD: Fader, Hardie
 * & Lee 2005; MBG/NBD: Batislam, Denizel & Filiztekin 2007): the variates of the path sampler's draws
 * (`futurePurchaseDraws.ts`) rewritten so that customers with the same x share them.
 */
import type { CustomerColumns } from '../data/customers.js';
import type { PathScales, ScaledPurchasePaths } from '../model.js';
import type { Random } from '../simulate/random.js';
import type { BetaGeoParams } from './likelihood.js';
import { betaGeoFamilyProbabilityAlive } from './predictions.js';

/**
 * The same paths in scaled form (`ModelKernels.futurePurchaseScaledPaths`), for customers with x repeat
 * purchases. With origin o = α+T and shape r+x, the path sampler's purchase times satisfy o + t_1 = o (U/P(alive))^{−1/(r+x)}
 * and o + t_{j+1} = (o + t_j) V_j^{−1/(r+x+j)} (U, V_j uniform). So with the customer-free products
 *
 *   P_1 = U^{−1/(r+x)},   P_{j+1} = P_j V_j^{−1/(r+x+j)},
 *
 * purchase j falls at t_j = a P_j − b with a = o P(alive)^{1/(r+x)} and b = o, and U < P(alive) (alive at T)
 * iff t_1 > 0: L = P_1, c = a, e = b. The drop-out after purchase j (probability a/(a+b'+j−1), b' = b+x+s) does
 * not involve the customer's recency or age either, so it is part of the shared draw (`next` returns 0).
 *
 * @example betaGeoFamilyScaledPaths(0, cdnowParams, 2).next(createRandom(1), 1.5, 1) // 0, or a number above 1.5
 */
export function betaGeoFamilyScaledPaths(shift: 0 | 1, p: BetaGeoParams, x: number): ScaledPurchasePaths {
  return new BetaGeoScaledPaths(shift, p, x);
}

/** `betaGeoFamilyScaledPaths`' paths (a class: one set of compiled methods for every x and parameter draw). */
class BetaGeoScaledPaths implements ScaledPurchasePaths {
  readonly lifetime = false;
  private readonly shape: number;
  private readonly dropOut: number;
  private readonly stay: number;

  constructor(
    private readonly shift: 0 | 1,
    private readonly p: BetaGeoParams,
    x: number,
  ) {
    this.shape = p.r + x;
    this.dropOut = p.a;
    this.stay = p.b + x + shift;
  }

  begin(random: Random, first: Float64Array): number {
    const p1 = Math.exp(-Math.log(random.uniform()) / this.shape);
    first[0] = p1;
    return p1;
  }

  next(random: Random, previous: number, j: number): number {
    if (random.uniform() * (this.dropOut + this.stay + (j - 1)) < this.dropOut) return 0;
    return previous * Math.exp(-Math.log(random.uniform()) / (this.shape + j));
  }

  scales(customers: CustomerColumns, out: PathScales): void {
    const { a, b, c, e } = out;
    const { p, shape } = this;
    const alive = betaGeoFamilyProbabilityAlive(this.shift, p, customers);
    const { T } = customers;
    for (let i = 0; i < alive.length; i++) {
      const origin = p.alpha + (T[i] as number);
      const scale = origin * Math.exp(Math.log(alive[i] as number) / shape);
      a[i] = scale;
      b[i] = origin;
      c[i] = scale;
      e[i] = origin;
    }
  }
}
