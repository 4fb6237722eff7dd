import { Decimal } from '../money.js';
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
 * (`{ ...r }`) copies none of them: spread `r.toJSON()` instead.
 *
 * @example const [r] = customerLifetimeValues([{ averagePurchaseValue: 50, purchaseFrequency: 4, churnRate: 0.25 }]); r.clv.toString() === "800"
 */
export class LazyClvResult implements ClvResult {
  readonly #input: ClvParsedInput;
  readonly #weights: PeriodWeights;
  #clv: Decimal | undefined;

  constructor(input: ClvParsedInput, weights: PeriodWeights) {
    this.#input = input;
    this.#weights = weights;
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
      this.#clv =
        serviceCostPerPeriod === undefined
          ? gross
          : gross.sub(this.#weights.costFactor(serviceCostPerPeriod));
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
    return w === null ? null : this.revenuePerPeriod.mul(w);
  }

  get expectedLifespan(): Decimal | null {
    return this.#weights.lifespan;
  }

  get clvToCacRatio(): Decimal | undefined {
    const cac = this.acquisitionCost;
    return cac.isZero() ? undefined : this.clv.div(cac);
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
