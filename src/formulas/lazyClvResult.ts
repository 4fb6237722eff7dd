import { Decimal } from '../money.js';
import { type Blame, finiteFigure } from '../schemas/finite.js';
import type { ClvParsedInput } from './clvInput.js';
import type { ClvResult } from './customerLifetimeValue.js';
import type { PeriodWeights } from './periodWeights.js';

const ZERO = new Decimal(0);

/**
 * A formula CLV whose figures are worked out the first time each is read, then kept: the same formulas as
 * `computeClv` (which is this class made eager), for bulk calls where most callers read one or two figures.
 * Reading `clv` of a row costs one exact multiplication; `clvToCacRatio` adds a division only when read.
 *
 * The figures are getters, so `JSON.stringify(r)` and `r.toJSON()` give every figure, while object spread
 * (`{ ...r }`) copies none of them: spread `r.toJSON()` instead. The CLV, the revenue and the ratio are checked
 * finite when read (`finiteFigure`, naming `where` and the lifetime field), in bulk as in the single call.
 *
 * @example const [r] = customerLifetimeValues([{ averagePurchaseValue: 50, purchaseFrequency: 4, churnRate: 0.25 }]); r.clv.toString() === "800"
 */
export class LazyClvResult implements ClvResult {
  readonly #input: ClvParsedInput;
  readonly #weights: PeriodWeights;
  readonly #where: string;
  #clv: Decimal | undefined;

  /** @internal `customerLifetimeValues` and `customerLifetimeValue` build these; a caller reads them. */
  constructor(input: ClvParsedInput, weights: PeriodWeights, where = 'customerLifetimeValues') {
    this.#input = input;
    this.#weights = weights;
    this.#where = where;
  }

  /** averagePurchaseValue × purchaseFrequency. */
  get revenuePerPeriod(): Decimal {
    return this.#input.averagePurchaseValue.mul(this.#input.purchaseFrequency);
  }

  /** m = averagePurchaseValue × purchaseFrequency × grossMargin − serviceCostPerPeriod. */
  get contributionPerPeriod(): Decimal {
    const { grossMargin, serviceCostPerPeriod } = this.#input;
    const withMargin =
      grossMargin === undefined ? this.revenuePerPeriod : this.revenuePerPeriod.mul(grossMargin);
    return serviceCostPerPeriod === undefined ? withMargin : withMargin.sub(serviceCostPerPeriod);
  }

  /**
   * m × discounted, worked out as averagePurchaseValue × (purchaseFrequency × grossMargin × discounted)
   * − serviceCostPerPeriod × discounted: the bracket is shared by every row with the same rates, so a row
   * costs one multiplication (the same association in single and bulk calls, so they agree to the digit).
   */
  get clv(): Decimal {
    if (this.#clv === undefined) {
      const { averagePurchaseValue, purchaseFrequency, grossMargin, serviceCostPerPeriod } = this.#input;
      const gross = averagePurchaseValue.mul(this.#weights.clvFactor(purchaseFrequency, grossMargin));
      const clv =
        serviceCostPerPeriod === undefined
          ? gross
          : gross.sub(this.#weights.costFactor(serviceCostPerPeriod));
      this.#clv = finiteFigure(clv, this.#where, 'the CLV', lifetimeBlame(this.#input));
    }
    return this.#clv;
  }

  get acquisitionCost(): Decimal {
    return this.#input.acquisitionCost ?? ZERO;
  }

  get netClv(): Decimal {
    return this.clv.sub(this.acquisitionCost);
  }

  get revenue(): Decimal | null {
    const w = this.#weights.undiscounted;
    if (w === null) return null;
    return finiteFigure(this.revenuePerPeriod.mul(w), this.#where, 'the revenue', lifetimeBlame(this.#input));
  }

  get expectedLifespan(): Decimal | null {
    return this.#weights.lifespan;
  }

  get clvToCacRatio(): Decimal | undefined {
    const cac = this.acquisitionCost;
    if (cac.isZero()) return undefined;
    return finiteFigure(this.clv.div(cac), this.#where, 'clvToCacRatio', {
      path: 'acquisitionCost',
      value: this.#input.acquisitionCost,
    });
  }

  get retentionRate(): Decimal {
    return this.#weights.retention;
  }

  get discountRate(): Decimal {
    return this.#weights.discountRate;
  }

  get timing(): 'start' | 'end' {
    return this.#weights.timing;
  }

  /** Every figure as a plain object (what `JSON.stringify` writes). */
  toJSON(): ClvResult {
    return {
      clv: this.clv,
      netClv: this.netClv,
      revenue: this.revenue,
      expectedLifespan: this.expectedLifespan,
      revenuePerPeriod: this.revenuePerPeriod,
      contributionPerPeriod: this.contributionPerPeriod,
      acquisitionCost: this.acquisitionCost,
      clvToCacRatio: this.clvToCacRatio,
      retentionRate: this.retentionRate,
      discountRate: this.discountRate,
      timing: this.timing,
    };
  }
}

/** The input a CLV's size comes from: the lifetime field given (its sum holds the only division). */
function lifetimeBlame(input: ClvParsedInput): Blame {
  if (input.churnRate !== undefined) return { path: 'churnRate', value: input.churnRate };
  if (input.retentionRate !== undefined) return { path: 'retentionRate', value: input.retentionRate };
  return { path: 'lifespan', value: input.lifespan };
}
