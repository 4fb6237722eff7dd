import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClvValidationError,
  customerLifetimeValue,
  customerLifetimeValues,
  Decimal,
} from '../../src/index.js';

const s = (d: Decimal | null | undefined) => d?.toString();
/** Compares a Decimal to an expected decimal string to 25 significant digits. */
const near = (d: Decimal | null | undefined, expected: string) =>
  expect(d?.toSignificantDigits(25).toString()).toBe(
    new Decimal(expected).toSignificantDigits(25).toString(),
  );

const base = { averagePurchaseValue: 100, purchaseFrequency: 2 }; // 200 of revenue a period

describe('customerLifetimeValue — fixed lifespan', () => {
  it('$1,000 a year for 5 years is $5,000 of revenue', () => {
    const r = customerLifetimeValue({ averagePurchaseValue: 1000, purchaseFrequency: 1, lifespan: 5 });
    expect(s(r.revenue)).toBe('5000');
    expect(s(r.clv)).toBe('5000');
    expect(s(r.expectedLifespan)).toBe('5');
    expect(r.clvToCacRatio).toBeUndefined();
  });

  it('the documented subscription example: $1,000/yr, 80% margin, $100 to serve, 20% churn, $500 CAC → $3,000 net', () => {
    const r = customerLifetimeValue({
      averagePurchaseValue: 1000,
      purchaseFrequency: 1,
      churnRate: 0.2,
      grossMargin: 0.8,
      serviceCostPerPeriod: 100,
      acquisitionCost: 500,
    });
    expect(s(r.revenue)).toBe('5000');
    expect(s(r.contributionPerPeriod)).toBe('700');
    expect(s(r.clv)).toBe('3500');
    expect(s(r.netClv)).toBe('3000');
    expect(s(r.clvToCacRatio)).toBe('7');
  });

  it('d = 0, fractional lifespan: clv = m·L at both timings', () => {
    for (const timing of ['start', 'end'] as const) {
      const r = customerLifetimeValue({ ...base, lifespan: 2.5, grossMargin: 0.5, timing });
      expect(s(r.clv)).toBe('250');
      expect(s(r.revenue)).toBe('500');
    }
  });

  it('d > 0, start timing: Σ m/(1.1)^k with the fractional last period weighted', () => {
    // m = 200; periods 0, 1 whole, period 2 counts 0.5: 200 + 200/1.1 + 100/1.21
    const r = customerLifetimeValue({ ...base, lifespan: 2.5, discountRate: 0.1 });
    near(r.clv, new Decimal(200).add(new Decimal(200).div(1.1)).add(new Decimal(100).div(1.21)).toString());
    expect(s(r.revenue)).toBe('500');
  });

  it('d > 0, end timing: every period discounted once more', () => {
    const r = customerLifetimeValue({ ...base, lifespan: 2.5, discountRate: 0.1, timing: 'end' });
    near(
      r.clv,
      new Decimal(200).div(1.1).add(new Decimal(200).div(1.21)).add(new Decimal(100).div(1.331)).toString(),
    );
  });

  it('a horizon shorter than the lifespan caps it', () => {
    const r = customerLifetimeValue({ ...base, lifespan: 10, horizon: 3 });
    expect(s(r.clv)).toBe('600');
    expect(s(r.expectedLifespan)).toBe('3');
  });

  it('a horizon longer than the lifespan changes nothing', () => {
    const r = customerLifetimeValue({ ...base, lifespan: 2, horizon: 30, discountRate: 0.05 });
    near(r.clv, new Decimal(200).add(new Decimal(200).div(1.05)).toString());
  });
});

describe('customerLifetimeValue — churn and retention', () => {
  it('start timing, no discount: m/c', () => {
    const r = customerLifetimeValue({ ...base, churnRate: 0.25 });
    expect(s(r.clv)).toBe('800');
    expect(s(r.expectedLifespan)).toBe('4');
    expect(s(r.revenue)).toBe('800');
  });

  it('end timing, no discount: m·r/(1 − r)', () => {
    const r = customerLifetimeValue({ ...base, retentionRate: 0.75, timing: 'end' });
    expect(s(r.clv)).toBe('600');
    expect(s(r.revenue)).toBe('600');
    expect(s(r.expectedLifespan)).toBe('4');
  });

  it('Gupta & Lehmann 2003: end timing m·r/(1+d−r), start timing m(1+d)/(1+d−r)', () => {
    const end = customerLifetimeValue({ ...base, retentionRate: 0.8, discountRate: 0.12, timing: 'end' });
    near(end.clv, new Decimal(200).mul(0.8).div(0.32).toString()); // 500
    expect(s(end.clv)).toBe('500');
    const start = customerLifetimeValue({ ...base, retentionRate: 0.8, discountRate: 0.12 });
    expect(s(start.clv)).toBe('700');
  });

  it('with a horizon: the finite geometric sums', () => {
    // start: Σ_{k=0}^{2} 200·(0.8/1.1)^k ; end: Σ_{k=1}^{3}
    const q = new Decimal(0.8).div(1.1);
    const start = customerLifetimeValue({ ...base, retentionRate: 0.8, discountRate: 0.1, horizon: 3 });
    near(start.clv, new Decimal(200).mul(new Decimal(1).add(q).add(q.pow(2))).toString());
    const end = customerLifetimeValue({
      ...base,
      retentionRate: 0.8,
      discountRate: 0.1,
      horizon: 3,
      timing: 'end',
    });
    near(end.clv, new Decimal(200).mul(q.add(q.pow(2)).add(q.pow(3))).toString());
    expect(s(start.revenue)).toBe('488'); // 200 (1 + 0.8 + 0.64)
    expect(s(start.expectedLifespan)).toBe('2.44');
  });

  it('with a fractional horizon the last period counts its fraction', () => {
    const r = customerLifetimeValue({ ...base, churnRate: 0.5, horizon: 1.5 });
    expect(s(r.clv)).toBe('250'); // 200 + 0.5·200·0.5
  });

  it('retention 1 with a discount is a perpetuity: clv finite, revenue and lifespan endless (null)', () => {
    const r = customerLifetimeValue({ ...base, retentionRate: 1, discountRate: 0.25 });
    expect(s(r.clv)).toBe('1000'); // 200·1.25/0.25
    expect(r.revenue).toBeNull();
    expect(r.expectedLifespan).toBeNull();
  });

  it('retention 1 with a horizon is m·N', () => {
    expect(s(customerLifetimeValue({ ...base, retentionRate: 1, horizon: 4 }).clv)).toBe('800');
  });

  it('retention 0 (churn 1): one period at start timing, nothing at end timing', () => {
    expect(s(customerLifetimeValue({ ...base, churnRate: 1 }).clv)).toBe('200');
    expect(s(customerLifetimeValue({ ...base, churnRate: 1, timing: 'end' }).clv)).toBe('0');
  });

  it('cost to serve above the margin gives a negative CLV, reported as such', () => {
    const r = customerLifetimeValue({ ...base, churnRate: 0.5, grossMargin: 0.1, serviceCostPerPeriod: 50 });
    expect(s(r.contributionPerPeriod)).toBe('-30');
    expect(s(r.clv)).toBe('-60');
  });
});

describe('customerLifetimeValue — Decimal exactness', () => {
  it('0.1 + 0.2 style inputs stay exact', () => {
    const r = customerLifetimeValue({ averagePurchaseValue: 0.1, purchaseFrequency: 3, lifespan: 1 });
    expect(s(r.clv)).toBe('0.3');
    const r2 = customerLifetimeValue({
      averagePurchaseValue: '0.1',
      purchaseFrequency: '0.2',
      lifespan: 3,
      grossMargin: 0.7,
    });
    expect(s(r2.clv)).toBe('0.042');
  });

  it('large values keep every cent', () => {
    const r = customerLifetimeValue({
      averagePurchaseValue: '123456789012.34',
      purchaseFrequency: 1,
      lifespan: 3,
      acquisitionCost: '0.01',
    });
    expect(s(r.clv)).toBe('370370367037.02');
    expect(s(r.netClv)).toBe('370370367037.01');
  });

  it('accepts Decimals from another decimal.js copy and returns the library Decimal', async () => {
    const Other = (await import('decimal.js')).default.clone({ precision: 5 });
    const r = customerLifetimeValue({
      averagePurchaseValue: new Other('19.99'),
      purchaseFrequency: 1,
      lifespan: 1,
    });
    expect(r.clv).toBeInstanceOf(Decimal);
    expect(s(r.clv)).toBe('19.99');
  });
});

describe('customerLifetimeValue — validation', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['churnRate', { ...base, churnRate: 1.5 }, 'churnRate: expected a number in (0, 1], received 1.5'],
    ['churnRate 0', { ...base, churnRate: 0 }, 'churnRate: expected a number in (0, 1], received 0'],
    [
      'retentionRate',
      { ...base, retentionRate: -0.1 },
      'retentionRate: expected a number in [0, 1], received -0.1',
    ],
    [
      'averagePurchaseValue',
      { ...base, averagePurchaseValue: -5, lifespan: 1 },
      'averagePurchaseValue: expected an amount of 0 or more, received -5',
    ],
    [
      'purchaseFrequency NaN',
      { ...base, purchaseFrequency: Number.NaN, lifespan: 1 },
      'purchaseFrequency: expected a number of 0 or more, received NaN',
    ],
    [
      'purchaseFrequency Infinity',
      { ...base, purchaseFrequency: Number.POSITIVE_INFINITY, lifespan: 1 },
      'purchaseFrequency: expected a number of 0 or more, received Infinity',
    ],
    ['lifespan', { ...base, lifespan: 0 }, 'lifespan: expected a number greater than 0, received 0'],
    [
      'grossMargin',
      { ...base, lifespan: 1, grossMargin: 1.2 },
      'grossMargin: expected a number in [0, 1], received 1.2',
    ],
    [
      'serviceCostPerPeriod',
      { ...base, lifespan: 1, serviceCostPerPeriod: '-1' },
      'serviceCostPerPeriod: expected an amount of 0 or more, received "-1"',
    ],
    [
      'acquisitionCost',
      { ...base, lifespan: 1, acquisitionCost: 'ten' },
      'acquisitionCost: expected an amount of 0 or more, received "ten"',
    ],
    [
      'discountRate',
      { ...base, lifespan: 1, discountRate: -0.01 },
      'discountRate: expected a number of 0 or more, received -0.01',
    ],
    [
      'horizon',
      { ...base, lifespan: 1, horizon: 0 },
      'horizon: expected a number greater than 0, received 0',
    ],
    [
      'timing',
      { ...base, lifespan: 1, timing: 'middle' },
      `timing: expected one of 'start', 'end', received "middle"`,
    ],
    [
      'hex strings',
      { ...base, lifespan: '0x10' },
      'lifespan: expected a number greater than 0, received "0x10"',
    ],
    [
      'Infinity string',
      { ...base, lifespan: 'Infinity' },
      'lifespan: expected a number greater than 0, received "Infinity"',
    ],
    [
      'none of the lifetime fields',
      { ...base },
      'lifespan: expected exactly one of lifespan, churnRate or retentionRate, received undefined',
    ],
    [
      'two lifetime fields',
      { ...base, lifespan: 3, churnRate: 0.2 },
      'churnRate: expected no churnRate when lifespan is given (give exactly one of lifespan, churnRate or retentionRate), received 0.2',
    ],
    [
      'an unknown field',
      { ...base, lifespan: 3, churn: 0.2 },
      'churn: expected no such field (check the spelling), received 0.2',
    ],
    ['not an object', 42 as unknown as Record<string, unknown>, 'input: expected an object, received 42'],
  ];
  it.each(cases)('%s', (_name, input, message) => {
    let caught: unknown;
    try {
      customerLifetimeValue(input as never);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ClvValidationError);
    const err = caught as ClvValidationError;
    expect(err.message).toContain(message);
    expect(err.issues.length).toBeGreaterThan(0);
    expect(err.issues[0]?.message).toContain(message);
  });

  it('retention 1 with no discount and no horizon has no finite value', () => {
    expect(() => customerLifetimeValue({ ...base, retentionRate: 1 })).toThrow(
      /retentionRate: expected less than 1 unless/,
    );
  });

  it('lists every bad field at once, machine-readably', () => {
    try {
      customerLifetimeValue({ averagePurchaseValue: -1, purchaseFrequency: 'x', churnRate: 2 } as never);
      expect.unreachable();
    } catch (e) {
      const err = e as ClvValidationError;
      expect(err.issues.map((i) => i.path)).toEqual([
        'averagePurchaseValue',
        'purchaseFrequency',
        'churnRate',
      ]);
      expect(err.issues[2]).toMatchObject({ expected: 'a number in (0, 1]', received: '2' });
      expect(err.where).toBe('customerLifetimeValue');
    }
  });
});

describe('customerLifetimeValues (bulk)', () => {
  it('gives the same results as the single call', () => {
    const rows = [
      { ...base, churnRate: 0.25 },
      { ...base, lifespan: 2.5, discountRate: 0.1, timing: 'end' as const },
      { ...base, churnRate: 0.25 },
      { ...base, retentionRate: 0.8, discountRate: 0.1, horizon: 3, acquisitionCost: 100 },
    ];
    const bulk = customerLifetimeValues(rows);
    rows.forEach((row, i) => {
      const one = customerLifetimeValue(row);
      expect(s(bulk[i]?.clv)).toBe(s(one.clv));
      expect(s(bulk[i]?.netClv)).toBe(s(one.netClv));
      expect(s(bulk[i]?.revenue)).toBe(s(one.revenue));
      expect(s(bulk[i]?.clvToCacRatio)).toBe(s(one.clvToCacRatio));
      expect(bulk[i]?.toJSON()).toEqual(one);
      expect(JSON.parse(JSON.stringify(bulk[i]))).toEqual(JSON.parse(JSON.stringify(one)));
    });
    expect(bulk[0]?.toJSON()).not.toEqual(bulk[1]?.toJSON());
  });

  it('computes each figure once, when first read', () => {
    const [r] = customerLifetimeValues([{ ...base, churnRate: 0.25, acquisitionCost: 80 }]);
    expect(r?.clv).toBe(r?.clv); // the same kept Decimal
    expect(r?.clv.toString()).toBe(customerLifetimeValue({ ...base, churnRate: 0.25 }).clv.toString());
    expect(r?.netClv.toString()).toBe(r?.clv.sub(80).toString());
  });

  it('reports bad rows with their index and the same messages as the schema', () => {
    try {
      customerLifetimeValues([
        { ...base, churnRate: 0.2 },
        { ...base, churnRate: 1.5 },
        { ...base } as never,
        null as never,
      ]);
      expect.unreachable();
    } catch (e) {
      const err = e as ClvValidationError;
      expect(err).toBeInstanceOf(ClvValidationError);
      expect(err.issues.map((i) => i.message)).toEqual([
        'rows[1].churnRate: expected a number in (0, 1], received 1.5',
        'rows[2].lifespan: expected exactly one of lifespan, churnRate or retentionRate, received undefined',
        'rows[3]: expected an object, received null',
      ]);
      expect(err.issues.map((i) => i.row)).toEqual([1, 2, 3]);
    }
  });

  it('rejects a non-array', () => {
    expect(() => customerLifetimeValues({} as never)).toThrow('rows: expected an array');
  });
});

describe('customerLifetimeValue — properties', () => {
  const rate = fc.integer({ min: 1, max: 98 }).map((n) => n / 100);
  const money = fc.integer({ min: 1, max: 100_000 }).map((n) => n / 100);
  const input = fc.record({
    averagePurchaseValue: money,
    purchaseFrequency: fc.integer({ min: 1, max: 50 }).map((n) => n / 4),
    retentionRate: rate,
    grossMargin: rate,
    discountRate: fc.integer({ min: 0, max: 30 }).map((n) => n / 100),
  });

  it('CLV rises with retention and margin, falls with discount and service cost', () => {
    fc.assert(
      fc.property(input, (i) => {
        const clv = customerLifetimeValue(i).clv;
        const moreRetention = customerLifetimeValue({
          ...i,
          retentionRate: Math.min(0.99, i.retentionRate + 0.01),
        }).clv;
        const moreMargin = customerLifetimeValue({
          ...i,
          grossMargin: Math.min(1, i.grossMargin + 0.01),
        }).clv;
        const moreDiscount = customerLifetimeValue({ ...i, discountRate: i.discountRate + 0.01 }).clv;
        const moreCost = customerLifetimeValue({ ...i, serviceCostPerPeriod: 1 }).clv;
        return moreRetention.gt(clv) && moreMargin.gt(clv) && moreDiscount.lt(clv) && moreCost.lt(clv);
      }),
    );
  });

  it('start timing is worth at least end timing for a non-negative contribution', () => {
    fc.assert(
      fc.property(input, (i) =>
        customerLifetimeValue(i).clv.gte(customerLifetimeValue({ ...i, timing: 'end' }).clv),
      ),
    );
  });

  it('a growing horizon converges to the closed form', () => {
    fc.assert(
      fc.property(input, fc.constantFrom('start' as const, 'end' as const), (i, timing) => {
        const closed = customerLifetimeValue({ ...i, timing }).clv;
        const h1 = customerLifetimeValue({ ...i, timing, horizon: 50 }).clv;
        const h2 = customerLifetimeValue({ ...i, timing, horizon: 2000 }).clv;
        return h1.lte(h2) && h2.lte(closed) && closed.sub(h2).abs().lte(closed.abs().mul('1e-12'));
      }),
    );
  });
});
