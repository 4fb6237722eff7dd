import * as z from 'zod/mini';
import { Decimal } from '../money.js';
import { decimalSchema, enumSchema, MoneySchema } from '../schemas/field.js';
import { type CrossFieldProblem, withCrossCheck } from '../schemas/record.js';

/** The fields of a formula-CLV input. Periods are the caller's unit (month, year…); rates are per period. */
export const clvInputShape = {
  /** Average revenue of one purchase. */
  averagePurchaseValue: MoneySchema,
  /** Purchases per period. */
  purchaseFrequency: decimalSchema({ min: 0 }),
  /** Expected relationship length in periods (may be fractional). Give exactly one of lifespan, churnRate, retentionRate. */
  lifespan: z.optional(decimalSchema({ min: 0, minExclusive: true })),
  /** Share of customers lost per period, in (0, 1]. */
  churnRate: z.optional(decimalSchema({ min: 0, minExclusive: true, max: 1 })),
  /** Share of customers kept per period, in [0, 1]. */
  retentionRate: z.optional(decimalSchema({ min: 0, max: 1 })),
  /** Gross margin as a fraction of revenue, in [0, 1]; default 1. */
  grossMargin: z.optional(decimalSchema({ min: 0, max: 1 })),
  /** Cost to serve one customer for one period; default 0. */
  serviceCostPerPeriod: z.optional(MoneySchema),
  /** Customer acquisition cost (CAC); default 0. */
  acquisitionCost: z.optional(MoneySchema),
  /** Discount rate per period; default 0. */
  discountRate: z.optional(decimalSchema({ min: 0 })),
  /** Cap on the relationship, in periods. */
  horizon: z.optional(decimalSchema({ min: 0, minExclusive: true })),
  /** When a period's margin is received: `'start'` (default) or `'end'` (Gupta & Lehmann 2003). */
  timing: z.optional(enumSchema(['start', 'end'] as const)),
};

const LIFETIME_FIELDS = ['lifespan', 'churnRate', 'retentionRate'] as const;

/**
 * The smallest churn (so a retention of 1 − 1e-30 at most, or exactly 1; and the smallest non-zero discount rate
 * when retention is 1 with no horizon) a formula CLV takes: 1e-30 per period. The library's Decimals carry 34 significant digits, so 1 − churn (or
 * 1 + discount) for a rate much below 1e-33 rounds to exactly 1 and the geometric sum 1/(1 − q) divides by
 * 0; 1e-30 keeps three digits of margin (a lifespan of 1e30 periods is no real customer anyway).
 */
export const MIN_RATE = new Decimal('1e-30');
const ONE = new Decimal(1);
const NO_PROBLEMS: readonly CrossFieldProblem[] = Object.freeze([]);

interface LifetimeFields {
  lifespan?: Decimal | undefined;
  churnRate?: Decimal | undefined;
  retentionRate?: Decimal | undefined;
  discountRate?: Decimal | undefined;
  horizon?: Decimal | undefined;
}

/**
 * The relations between fields: exactly one of lifespan, churnRate, retentionRate; and a retention of 1
 * (churn never happens) needs a discount or a horizon to have a finite value.
 */
export function checkLifetimeFields(v: LifetimeFields): readonly CrossFieldProblem[] {
  const count =
    (v.lifespan === undefined ? 0 : 1) +
    (v.churnRate === undefined ? 0 : 1) +
    (v.retentionRate === undefined ? 0 : 1);
  // The common case, checked without allocating (bulk calls run this once per row).
  if (
    count === 1 &&
    v.retentionRate === undefined &&
    (v.churnRate === undefined || v.churnRate.gte(MIN_RATE))
  )
    return NO_PROBLEMS;
  if (v.churnRate?.lt(MIN_RATE)) {
    return [
      {
        field: 'churnRate',
        expected: `a churnRate of ${MIN_RATE} or more (a smaller churn is no churn at 34 significant digits, and the CLV would be infinite)`,
        value: v.churnRate,
      },
    ];
  }
  const given = LIFETIME_FIELDS.filter((k) => v[k] !== undefined);
  if (given.length === 0) {
    return [
      {
        field: 'lifespan',
        expected: 'exactly one of lifespan, churnRate or retentionRate',
        value: undefined,
      },
    ];
  }
  if (given.length > 1) {
    return given.slice(1).map((k) => ({
      field: k,
      expected: `no ${k} when ${given[0]} is given (give exactly one of lifespan, churnRate or retentionRate)`,
      value: v[k],
    }));
  }
  const retention = v.retentionRate;
  if (retention !== undefined && !retention.eq(1) && ONE.sub(retention).lt(MIN_RATE)) {
    return [
      {
        field: 'retentionRate',
        expected: `1, or 1 − ${MIN_RATE} or less (a retention closer to 1 is a churn below ${MIN_RATE}, which the CLV does not take: see churnRate)`,
        value: retention,
      },
    ];
  }
  if (
    retention?.eq(1) &&
    v.horizon === undefined &&
    (v.discountRate === undefined || v.discountRate.isZero())
  ) {
    return [
      {
        field: 'retentionRate',
        expected:
          'less than 1 unless a discountRate above 0 or a horizon is given (a customer who never leaves has no finite undiscounted value)',
        value: retention,
      },
    ];
  }
  if (retention?.eq(1) && v.horizon === undefined && v.discountRate?.lt(MIN_RATE)) {
    return [
      {
        field: 'discountRate',
        expected: `a discountRate of ${MIN_RATE} or more when retentionRate is 1 and no horizon is given (a smaller rate is no discount at 34 significant digits, and the CLV would be infinite)`,
        value: v.discountRate,
      },
    ];
  }
  return [];
}

/**
 * The zod schema of `customerLifetimeValue`'s input. Money and rates accept `number | string | Decimal`
 * and come out as the library's Decimal.
 */
export const ClvInputSchema = withCrossCheck(z.strictObject(clvInputShape), checkLifetimeFields);

/**
 * What `customerLifetimeValue` accepts.
 *
 * @interface
 */
export type ClvInput = z.input<typeof ClvInputSchema>;
/** A validated formula-CLV input (Decimals). */
export type ClvParsedInput = z.output<typeof ClvInputSchema>;
