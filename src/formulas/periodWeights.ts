import { Decimal } from '../money.js';
import type { ClvParsedInput } from './clvInput.js';
import { periodSum } from './periodSum.js';

const ZERO = new Decimal(0);
const ONE = new Decimal(1);
/** How many (frequency, margin) or cost objects one set of weights remembers its products with. */
const FACTOR_MEMORY = 4096;

/**
 * The period weights of one (retention, discount, horizon, timing) combination: every money figure of a
 * formula CLV is an amount per period times one of these (see `periodSum` for the sums). They hold all the
 * divisions and powers and depend on no money, so customers sharing rates share them
 * (`customerLifetimeValues`). Each sum is worked out when first needed, then kept.
 *
 * With r the retention per period (1 for a fixed lifespan), d the discount rate and e = 1 for end-of-period
 * timing (else 0):
 * - discounted = Σ_k w_k (r/(1+d))^(k+e): discounted periods of contribution;
 * - undiscounted = Σ_k w_k r^(k+e): paying periods (null when endless);
 * - lifespan = Σ_k w_k r^k: expected periods active, counting the first (null when endless).
 *
 * @example new PeriodWeights(ClvInputSchema.parse({ averagePurchaseValue: 1, purchaseFrequency: 1, churnRate: 0.2 })).discounted.toString() === '5'
 */
export class PeriodWeights {
  readonly retention: Decimal;
  readonly discountRate: Decimal;
  readonly timing: 'start' | 'end';
  private readonly periods: Decimal | undefined;
  private readonly endless: boolean;
  private discountedMemo: Decimal | undefined;
  private undiscountedMemo: Decimal | undefined;
  private lifespanMemo: Decimal | undefined;
  // Made on first use: a bulk call with many distinct rates makes many weights, most read by few rows.
  private clvFactors: Map<Decimal, Map<Decimal | undefined, Decimal>> | undefined;
  private costFactors: Map<Decimal, Decimal> | undefined;

  constructor(input: ClvParsedInput) {
    this.discountRate = input.discountRate ?? ZERO;
    this.timing = input.timing ?? 'start';
    if (input.lifespan !== undefined) {
      this.retention = ONE;
      this.periods =
        input.horizon !== undefined ? Decimal.min(input.lifespan, input.horizon) : input.lifespan;
    } else {
      this.retention = input.retentionRate ?? ONE.sub(input.churnRate as Decimal);
      this.periods = input.horizon;
    }
    this.endless = this.periods === undefined && this.retention.eq(1);
  }

  private get e(): 0 | 1 {
    return this.timing === 'end' ? 1 : 0;
  }

  get discounted(): Decimal {
    if (this.discountedMemo === undefined) {
      this.discountedMemo = periodSum(this.retention, this.discountRate, this.periods, this.e);
    }
    return this.discountedMemo;
  }

  get undiscounted(): Decimal | null {
    if (this.endless) return null;
    if (this.undiscountedMemo === undefined)
      this.undiscountedMemo = periodSum(this.retention, ZERO, this.periods, this.e);
    return this.undiscountedMemo;
  }

  get lifespan(): Decimal | null {
    if (this.endless) return null;
    if (this.lifespanMemo === undefined) {
      this.lifespanMemo =
        this.e === 0 ? (this.undiscounted as Decimal) : periodSum(this.retention, ZERO, this.periods, 0);
    }
    return this.lifespanMemo;
  }

  /**
   * purchaseFrequency × grossMargin × discounted: the CLV of one unit of average purchase value, kept per
   * (frequency, margin) pair of objects (a bulk call converts a repeated raw value to the same object).
   */
  clvFactor(purchaseFrequency: Decimal, grossMargin: Decimal | undefined): Decimal {
    this.clvFactors ??= new Map();
    let byMargin = this.clvFactors.get(purchaseFrequency);
    let factor = byMargin?.get(grossMargin);
    if (factor !== undefined) return factor;
    const perUnit = grossMargin === undefined ? purchaseFrequency : purchaseFrequency.mul(grossMargin);
    factor = perUnit.mul(this.discounted);
    if (byMargin === undefined && this.clvFactors.size < FACTOR_MEMORY) {
      byMargin = new Map();
      this.clvFactors.set(purchaseFrequency, byMargin);
    }
    if (byMargin !== undefined && byMargin.size < FACTOR_MEMORY) byMargin.set(grossMargin, factor);
    return factor;
  }

  /** serviceCostPerPeriod × discounted: the discounted cost to serve, kept per cost object. */
  costFactor(serviceCostPerPeriod: Decimal): Decimal {
    this.costFactors ??= new Map();
    let factor = this.costFactors.get(serviceCostPerPeriod);
    if (factor === undefined) {
      factor = serviceCostPerPeriod.mul(this.discounted);
      if (this.costFactors.size < FACTOR_MEMORY) this.costFactors.set(serviceCostPerPeriod, factor);
    }
    return factor;
  }
}
