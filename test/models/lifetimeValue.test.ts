import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { fitGammaGamma } from '../../src/models/gammaGamma.js';
import { expectedPurchases, expectedSpend, predictCustomerLifetimeValue } from '../../src/models/predict.js';
import { loadCdnowSummary } from './cdnow.js';

/**
 * lifetimes' `customer_lifetime_value(bgf, …, time=12, discount_rate=0.01, freq='W')`, re-implemented:
 * factor = 4.345 weeks per month; for i in 1..12,
 *   clv += spend × (E[Y(i·factor)] − E[Y((i−1)·factor)]) / (1 + d)^i,
 * with spend the Gamma-Gamma conditional expected average profit.
 */
function lifetimesClv(
  bg: ReturnType<typeof fitBetaGeo>,
  gg: ReturnType<typeof fitGammaGamma>,
  customers: { frequency: Float64Array; recency: Float64Array; T: Float64Array; monetaryValue: Float64Array },
) {
  const factor = 4.345;
  const spend = expectedSpend(gg, customers);
  const clv = new Float64Array(customers.frequency.length);
  for (let i = 1; i <= 12; i++) {
    const now = expectedPurchases(bg, i * factor, customers);
    const before = expectedPurchases(bg, (i - 1) * factor, customers);
    for (let k = 0; k < clv.length; k++)
      clv[k] =
        (clv[k] as number) +
        ((spend[k] as number) * ((now[k] as number) - (before[k] as number))) / 1.01 ** i;
  }
  return clv;
}

describe('predictCustomerLifetimeValue on CDNOW (BG/NBD × Gamma-Gamma, weeks)', () => {
  const d = loadCdnowSummary();
  const customers = { frequency: d.frequency, recency: d.recency, T: d.T, monetaryValue: d.zbar };
  const bg = fitBetaGeo(d);
  const repeat = [...d.frequency.keys()].filter((i) => (d.frequency[i] as number) > 0);
  const gg = fitGammaGamma({
    frequency: repeat.map((i) => d.frequency[i] as number),
    monetaryValue: repeat.map((i) => d.zbar[i] as number),
  });
  const reference = lifetimesClv(bg, gg, customers);

  it('agrees within 0.5% with lifetimes (12 monthly steps at 1%/month; months of 4.348 vs 4.345 weeks)', () => {
    const out = predictCustomerLifetimeValue({
      transactionModel: bg,
      spendModel: gg,
      customers,
      horizon: 12,
      discountRate: 0.01,
      timeUnit: 'week',
    });
    expect(out.step).toBeCloseTo(365.25 / 12 / 7, 12);
    let worst = 0;
    for (let i = 0; i < reference.length; i++)
      worst = Math.max(worst, Math.abs((out.values[i] as number) / (reference[i] as number) - 1));
    expect(worst).toBeLessThan(0.005);
    // Money at the edge: Decimals (made on first read, then kept) equal to the float values.
    expect(out.clv).toBe(out.clv);
    expect(out.clv).toHaveLength(out.values.length);
    expect(out.clv.map((d) => d.toNumber())).toEqual(Array.from(out.values));
  });

  it('equals the lifetimes convention exactly with step 4.345', () => {
    const out = predictCustomerLifetimeValue({
      transactionModel: bg,
      spendModel: gg,
      customers,
      horizon: 12,
      discountRate: 0.01,
      step: 4.345,
    });
    for (let i = 0; i < reference.length; i += 97)
      expect(out.values[i]).toBeCloseTo(reference[i] as number, 9);
  });

  it('predicts each distinct (x, t_x, T) once: repeated customers get exactly the figures of the distinct ones', () => {
    // The distinct customers of CDNOW (no grouping pays off), then each of them five times over (grouped).
    const seen = new Set<string>();
    const keep = [...d.frequency.keys()].filter((i) => {
      const key = `${d.frequency[i]},${d.recency[i]},${d.T[i]},${d.zbar[i]}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const pick = (idx: number[]) => ({
      frequency: Float64Array.from(idx, (i) => d.frequency[i] as number),
      recency: Float64Array.from(idx, (i) => d.recency[i] as number),
      T: Float64Array.from(idx, (i) => d.T[i] as number),
      monetaryValue: Float64Array.from(idx, (i) => d.zbar[i] as number),
    });
    const options = {
      transactionModel: bg,
      spendModel: gg,
      horizon: 12,
      discountRate: 0.01,
      timeUnit: 'week' as const,
    };
    const distinct = predictCustomerLifetimeValue({ ...options, customers: pick(keep) });
    const repeated = predictCustomerLifetimeValue({
      ...options,
      customers: pick([...keep, ...keep, ...keep, ...keep, ...keep]),
    });
    for (let r = 0; r < 5; r++)
      for (let i = 0; i < keep.length; i++) {
        expect(repeated.values[r * keep.length + i]).toBe(distinct.values[i]);
        expect(repeated.expectedPurchases[r * keep.length + i]).toBe(distinct.expectedPurchases[i]);
      }
  });

  it('takes rows, is positive, and grows with the horizon and falls with the discount rate', () => {
    const rows = [{ frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }];
    const base = { transactionModel: bg, spendModel: gg, customers: rows, timeUnit: 'week' as const };
    const v12 = predictCustomerLifetimeValue(base).values[0] as number;
    expect(v12).toBeGreaterThan(0);
    expect(predictCustomerLifetimeValue({ ...base, horizon: 24 }).values[0] as number).toBeGreaterThan(v12);
    expect(predictCustomerLifetimeValue({ ...base, discountRate: 0.05 }).values[0] as number).toBeLessThan(
      v12,
    );
  });

  it('margin: CLV with margin 0.25 is a quarter of CLV with margin 1 (expected spend stays revenue)', () => {
    const base = { transactionModel: bg, spendModel: gg, customers, timeUnit: 'week' as const };
    const full = predictCustomerLifetimeValue(base);
    const one = predictCustomerLifetimeValue({ ...base, margin: 1 });
    const quarter = predictCustomerLifetimeValue({ ...base, margin: 0.25 });
    const text = predictCustomerLifetimeValue({ ...base, margin: '0.25' });
    expect(Array.from(one.values)).toEqual(Array.from(full.values));
    for (let i = 0; i < full.values.length; i++)
      expect(quarter.values[i]).toBe((full.values[i] as number) / 4); // × 0.25 is exact in float64
    expect(Array.from(text.values)).toEqual(Array.from(quarter.values));
    expect(Array.from(quarter.expectedSpend)).toEqual(Array.from(full.expectedSpend));
    // Customer 509 of CDNOW (18 repeat purchases averaging $78.63, the top CLV): $1,175.45 as revenue,
    // $293.86 at a 25% margin; the Decimal agrees.
    const top = 508;
    expect((full.values[top] as number).toFixed(2)).toBe('1175.45');
    expect((quarter.values[top] as number).toFixed(2)).toBe('293.86');
    expect(quarter.clv[top]?.toNumber()).toBe((full.values[top] as number) * 0.25);
  });

  it('margin: a fraction in (0, 1]', () => {
    const base = { transactionModel: bg, spendModel: gg, customers, timeUnit: 'week' as const };
    for (const margin of [0, -0.1, 1.5, Number.NaN, 'abc'])
      expect(() => predictCustomerLifetimeValue({ ...base, margin: margin as number })).toThrow(
        /margin: expected a fraction in \(0, 1\], received/,
      );
  });

  it('validates its options', () => {
    expect(() =>
      predictCustomerLifetimeValue({ transactionModel: bg, spendModel: bg, customers, timeUnit: 'week' }),
    ).toThrow(ClvValidationError);
    expect(() =>
      predictCustomerLifetimeValue({
        transactionModel: bg,
        spendModel: gg,
        customers,
        horizon: 0,
        timeUnit: 'fortnight' as 'week',
      }),
    ).toThrow(/horizon: expected a whole number in \[1, 100000\], received 0.*timeUnit: expected one of/);
  });
});
