import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { describeReceived } from '../../src/errors.js';
import {
  churnRate,
  customerLifetimeValue,
  customerLifetimeValues,
  Decimal,
  meanAbsoluteError,
  netPromoterScore,
  paretoCurve,
  repeatPurchaseRate,
  rfmScores,
  rfmSegment,
  rfmSegments,
  sumMoney,
  valueTiers,
} from '../../src/index.js';
import { messageOf } from '../messageOf.js';

const trap = (what: string) =>
  new Proxy(
    {},
    {
      get() {
        throw new Error(what);
      },
      ownKeys() {
        throw new Error(what);
      },
      has() {
        throw new Error(what);
      },
      getPrototypeOf() {
        throw new Error(what);
      },
    },
  );
const getter = <T extends object>(key: string, base: T): T =>
  Object.defineProperty({ ...base }, key, {
    enumerable: true,
    get() {
      throw new Error(`${key} getter`);
    },
  });

const clv = { averagePurchaseValue: 50, purchaseFrequency: 4, churnRate: 0.25 };

describe('exotic values at public entries: accepted correctly or a ClvValidationError naming them', () => {
  it('a throwing getter or Proxy in a row names the row', () => {
    expect(messageOf(() => customerLifetimeValues([clv, getter('churnRate', clv)]))).toBe(
      'customerLifetimeValues: invalid input — rows[1]: expected an object whose fields can be read (reading it threw: churnRate getter), received an unreadable object',
    );
    expect(messageOf(() => customerLifetimeValues([trap('row trap') as never]))).toBe(
      'customerLifetimeValues: invalid input — rows[0]: expected an object whose fields can be read (reading it threw: row trap), received an unreadable object',
    );
    const customer = {
      customerId: 'a',
      daysSinceLastPurchase: 1,
      orderCount: 1,
      totalSpend: 5,
      averageOrderValue: 5,
    };
    expect(messageOf(() => rfmScores([customer, getter('totalSpend', customer)]))).toBe(
      'rfmScores: invalid input — customers[1]: expected an object whose fields can be read (reading it threw: totalSpend getter), received an unreadable object',
    );
  });

  it('an array whose elements throw when read names the element', () => {
    // An array Proxy passes Array.isArray; its length reads, its elements throw (was the trap's own Error).
    const elements = (values: unknown[]) =>
      new Proxy(values, {
        get(target, key) {
          if (typeof key === 'string' && /^\d+$/.test(key)) throw new Error('element trap');
          return Reflect.get(target, key);
        },
      });
    const unreadable = (where: string, path: string) =>
      `${where}: invalid input — ${path}: expected an object whose fields can be read (reading it threw: element trap), received an unreadable object`;
    expect(messageOf(() => meanAbsoluteError(elements([1, 2]) as never, [1, 2]))).toBe(
      unreadable('meanAbsoluteError', 'actual[0]'),
    );
    expect(messageOf(() => customerLifetimeValues(elements([clv]) as never))).toBe(
      unreadable('customerLifetimeValues', 'rows[0]'),
    );
    expect(messageOf(() => rfmScores(elements([{}]) as never))).toBe(unreadable('rfmScores', 'customers[0]'));
    expect(messageOf(() => rfmSegments(elements([{}]) as never))).toBe(
      unreadable('rfmSegments', 'scores[0]'),
    );
    expect(messageOf(() => repeatPurchaseRate(elements([{}]) as never))).toBe(
      unreadable('repeatPurchaseRate', 'rows[0]'),
    );
    expect(messageOf(() => paretoCurve([1, 2], elements([0.5]) as never))).toBe(
      unreadable('paretoCurve', 'fractions[0]'),
    );
  });

  it('a Proxy or getter as the whole input names the input', () => {
    expect(messageOf(() => customerLifetimeValue(trap('trap') as never))).toBe(
      'customerLifetimeValue: invalid input — input: expected an object whose fields can be read (reading it threw: trap), received an unreadable object',
    );
    expect(messageOf(() => churnRate(trap('trap') as never))).toBe(
      'churnRate: invalid input — input: expected an object whose fields can be read (reading it threw: trap), received an unreadable object',
    );
    expect(messageOf(() => netPromoterScore(trap('trap') as never))).toContain(
      'netPromoterScore: invalid input — scores: expected an object whose fields can be read',
    );
    expect(
      messageOf(() =>
        sumMoney(
          new Proxy([1, 2], {
            get: () => {
              throw new Error('t');
            },
          }),
        ),
      ),
    ).toContain(
      'sumMoney: invalid input — values: expected an object whose fields can be read (reading it threw: t)',
    );
    expect(messageOf(() => valueTiers([1, 2, 3], trap('opts') as never))).toContain(
      'valueTiers: invalid input — options: expected an object whose fields can be read (reading it threw: opts)',
    );
    expect(
      messageOf(() => rfmSegment({ recency: 5, frequency: 5, monetary: 5 }, trap('table') as never)),
    ).toContain(
      'rfmSegment: invalid input — rules: expected an object whose fields can be read (reading it threw: table)',
    );
  });

  it('objects posing as Decimals are refused; Decimals of another decimal.js copy are read exactly', () => {
    const fake = { d: [5], e: 0, s: 1, constructor: { isDecimal: true }, toString: () => '5' };
    expect(messageOf(() => customerLifetimeValue({ ...clv, averagePurchaseValue: fake as never }))).toBe(
      'customerLifetimeValue: invalid input — averagePurchaseValue: expected an amount of 0 or more, received 5',
    );
    expect(
      messageOf(() =>
        customerLifetimeValue({ ...clv, averagePurchaseValue: Object.create(Decimal.prototype) }),
      ),
    ).toContain('averagePurchaseValue: expected an amount of 0 or more');
    const Other = Decimal.clone({ precision: 5 });
    expect(
      customerLifetimeValue({
        ...clv,
        averagePurchaseValue: new Other('50.123456') as never,
      }).revenuePerPeriod.toString(),
    ).toBe('200.493824');
  });

  it('messages print Dates of any realm, and never throw while printing', () => {
    const foreign = runInNewContext('new Date(Date.UTC(2024, 0, 15))') as Date;
    expect(foreign instanceof Date).toBe(false);
    expect(describeReceived(foreign)).toBe('2024-01-15T00:00:00.000Z');
    expect(describeReceived(Object.create(Date.prototype))).toBe('an object');
    expect(describeReceived(trap('x'))).toBe('an unreadable object');
    expect(
      describeReceived({
        toString: () => {
          throw new Error('no');
        },
      }),
    ).toBe('an object');
    expect(describeReceived(Symbol('s'))).toBe('a symbol');
  });
});
