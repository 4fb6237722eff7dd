import * as z from 'zod/mini';
import type { Decimal, DecimalInput } from '../money.js';
import { decimalSchema, MoneySchema } from '../schemas/field.js';
import { finiteFigure } from '../schemas/finite.js';
import { parseInput } from '../schemas/parse.js';

const PositiveCount = decimalSchema({ min: 0, minExclusive: true });

export const AveragePurchaseValueInputSchema = z.strictObject({
  revenue: MoneySchema,
  orders: PositiveCount,
});
/**
 * What `averagePurchaseValue` takes: `revenue` over a period and the `orders` (> 0) it came from.
 *
 * @interface
 */
export type AveragePurchaseValueInput = z.input<typeof AveragePurchaseValueInputSchema>;

/**
 * Average purchase value: revenue / orders.
 *
 * @example averagePurchaseValue({ revenue: 1000, orders: 40 }).toString() === '25'
 */
export function averagePurchaseValue(input: AveragePurchaseValueInput): Decimal {
  const { revenue, orders } = parseInput(AveragePurchaseValueInputSchema, input, 'averagePurchaseValue');
  return finiteFigure(revenue.div(orders), 'averagePurchaseValue', 'the average', {
    path: 'orders',
    value: orders,
  });
}

export const PurchaseFrequencyInputSchema = z.strictObject({
  orders: decimalSchema({ min: 0 }),
  customers: PositiveCount,
});
/**
 * What `purchaseFrequency` takes: `orders` (≥ 0) over a period and the `customers` (> 0) who placed them.
 *
 * @interface
 */
export type PurchaseFrequencyInput = z.input<typeof PurchaseFrequencyInputSchema>;

/**
 * Purchase frequency: orders / customers, over the period the orders were counted in.
 *
 * @example purchaseFrequency({ orders: 40, customers: 10 }).toString() === '4'
 */
export function purchaseFrequency(input: PurchaseFrequencyInput): Decimal {
  const { orders, customers } = parseInput(PurchaseFrequencyInputSchema, input, 'purchaseFrequency');
  return finiteFigure(orders.div(customers), 'purchaseFrequency', 'the frequency', {
    path: 'customers',
    value: customers,
  });
}

export const CustomerValuePerPeriodInputSchema = z.strictObject({
  averagePurchaseValue: MoneySchema,
  purchaseFrequency: decimalSchema({ min: 0 }),
});
/**
 * What `customerValuePerPeriod` takes: `averagePurchaseValue` (money) and `purchaseFrequency` (≥ 0, per period).
 *
 * @interface
 */
export type CustomerValuePerPeriodInput = z.input<typeof CustomerValuePerPeriodInputSchema>;

/**
 * Customer value per period: averagePurchaseValue × purchaseFrequency (revenue, before margin).
 *
 * @example customerValuePerPeriod({ averagePurchaseValue: 25, purchaseFrequency: 4 }).toString() === '100'
 */
export function customerValuePerPeriod(input: CustomerValuePerPeriodInput): Decimal {
  const v = parseInput(CustomerValuePerPeriodInputSchema, input, 'customerValuePerPeriod');
  return finiteFigure(
    v.averagePurchaseValue.mul(v.purchaseFrequency),
    'customerValuePerPeriod',
    'the value',
    {
      path: 'purchaseFrequency',
      value: v.purchaseFrequency,
    },
  );
}

const ChurnRateSchema = z.strictObject({ churnRate: decimalSchema({ min: 0, minExclusive: true, max: 1 }) });

/**
 * Expected lifespan in periods under a constant churn rate c per period: 1 / c (the mean of a geometric
 * lifetime counting the first period).
 *
 * @example lifespanFromChurn(0.2).toString() === '5'
 */
export function lifespanFromChurn(churnRate: DecimalInput): Decimal {
  const c = parseInput(ChurnRateSchema, { churnRate }, 'lifespanFromChurn').churnRate;
  return finiteFigure(c.pow(-1), 'lifespanFromChurn', 'the lifespan', { path: 'churnRate', value: c });
}
