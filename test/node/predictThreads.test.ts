import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  fitBetaGeo,
  fitGammaGamma,
  fitParetoNbd,
  predictCustomerLifetimeValue,
  probabilityAlive,
  repeatSpenders,
  summarizeTransactions,
} from '../../src/index.js';
import { customerColumns } from '../../src/models/data/customers.js';
import { groupCustomers } from '../../src/models/data/groupCustomers.js';
import { predictOnThreads, sliceToMove } from '../../src/node/predictThreads.js';
import { cdnowSampleOrders } from '../cli/cdnow.js';

/**
 * `predictOnThreads` cuts the customers into slices predicted side by side; each customer's figures depend on
 * their own history, so every figure must equal the one-thread library call's exactly (CDNOW sample, weeks).
 */
const summary = summarizeTransactions(cdnowSampleOrders(), {
  calibrationEnd: '1997-09-30',
  timeUnit: 'week',
});
const c = summary.columns;
const customers = { frequency: c.frequency, recency: c.recency, T: c.T, monetaryValue: c.monetaryValue };
const spendModel = fitGammaGamma(repeatSpenders(c));

describe('sliceToMove', () => {
  it("copies a slice's columns into buffers of the slice's size only (a view would post its whole buffer)", () => {
    const whole = { frequency: Float64Array.of(1, 2, 3, 4), T: Float64Array.of(5, 6, 7, 8) };
    const moved = sliceToMove({ frequency: whole.frequency.subarray(1, 3), T: whole.T.subarray(1, 3) });
    expect([...moved.frequency, ...moved.T]).toEqual([2, 3, 6, 7]);
    expect([moved.frequency.buffer.byteLength, moved.T.buffer.byteLength]).toEqual([16, 16]);
    moved.frequency[0] = 9;
    expect(whole.frequency[1]).toBe(2);
  });
});

describe('predictOnThreads (clvkit/node): bulk predictions on several threads', () => {
  for (const [name, transactionModel] of [
    ['BG/NBD', fitBetaGeo(customers)],
    ['Pareto/NBD', fitParetoNbd(customers)],
  ] as const) {
    it(`${name}: the one-thread figures bit for bit, on 2 and 3 threads`, async () => {
      const input = {
        transactionModel,
        spendModel,
        customers,
        horizon: 12,
        discountRate: 0.01,
        timeUnit: 'week' as const,
      };
      const one = predictCustomerLifetimeValue(input);
      const alive = probabilityAlive(transactionModel, customers);
      for (const threads of [2, 3]) {
        const p = await predictOnThreads(input, { threads, minHistories: 0, minHistoryShare: 0 });
        expect(p.slicesOnWorkers).toBe(threads - 1);
        expect([...p.lifetimeValue.values]).toEqual([...one.values]);
        expect([...p.lifetimeValue.expectedPurchases]).toEqual([...one.expectedPurchases]);
        expect([...p.lifetimeValue.expectedSpend]).toEqual([...one.expectedSpend]);
        expect([...p.probabilityAlive]).toEqual([...alive]);
        expect(p.lifetimeValue.step).toBe(one.step);
        expect(p.lifetimeValue.timeUnit).toBe('week');
        expect(p.lifetimeValue.clv[2356]?.toString()).toBe(one.clv[2356]?.toString());
      }
    });
  }

  it('below minHistories, with one thread, or with customers that are not typed columns: all on this thread', async () => {
    const transactionModel = fitBetaGeo(customers);
    const input = { transactionModel, spendModel, customers, timeUnit: 'week' as const };
    expect((await predictOnThreads(input, { threads: 2 })).slicesOnWorkers).toBe(0); // ~1,900 histories < 250,000
    expect(
      (await predictOnThreads(input, { threads: 1, minHistories: 0, minHistoryShare: 0 })).slicesOnWorkers,
    ).toBe(0);
    // The distinct histories are counted (linear counting of their hashes): just above and below the threshold.
    const histories = groupCustomers(customerColumns(customers, 'test')).weights.length;
    expect(
      (await predictOnThreads(input, { threads: 2, minHistories: histories + 20, minHistoryShare: 0 }))
        .slicesOnWorkers,
    ).toBe(0);
    expect(
      (await predictOnThreads(input, { threads: 2, minHistories: histories - 20, minHistoryShare: 0 }))
        .slicesOnWorkers,
    ).toBe(1);
    // 1,016 histories for 2,357 customers: under half a history per customer, so they stay here by default.
    expect(histories).toBe(1016);
    expect((await predictOnThreads(input, { threads: 2, minHistories: 0 })).slicesOnWorkers).toBe(0);
    expect(
      (await predictOnThreads(input, { threads: 2, minHistories: 0, minHistoryShare: 0.4 })).slicesOnWorkers,
    ).toBe(1);
    const arrays = { ...input, customers: { ...customers, frequency: [...customers.frequency] } };
    const p = await predictOnThreads(arrays as never, { threads: 2, minHistories: 0, minHistoryShare: 0 });
    expect(p.slicesOnWorkers).toBe(0);
    expect([...p.lifetimeValue.values]).toEqual([...predictCustomerLifetimeValue(input).values]);
  });

  it('a bad customer, in any slice, is named as the one-thread call names it', async () => {
    const transactionModel = fitBetaGeo(customers);
    const T = Float64Array.from(customers.T);
    T[2300] = Number.NaN;
    T[17] = -1;
    const input = { transactionModel, spendModel, customers: { ...customers, T }, timeUnit: 'week' as const };
    const message = (() => {
      try {
        predictCustomerLifetimeValue(input);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    })();
    expect(message).toMatch(/T\[17\]/);
    expect(message).toMatch(/T\[2300\]/);
    await expect(
      predictOnThreads(input, { threads: 2, minHistories: 0, minHistoryShare: 0 }),
    ).rejects.toThrow(message);
  });

  it('as built: dist/node.js and dist/node.cjs start dist/fitThreadWorker.js for the slices', async () => {
    const dist = join(import.meta.dirname, '../../dist');
    const esm = (await import(pathToFileURL(join(dist, 'node.js')).href)) as {
      predictOnThreads: typeof predictOnThreads;
    };
    const cjs = createRequire(import.meta.url)(join(dist, 'node.cjs')) as {
      predictOnThreads: typeof predictOnThreads;
    };
    const core = (await import(
      pathToFileURL(join(dist, 'index.js')).href
    )) as typeof import('../../src/index.js');
    const transactionModel = core.fitBetaGeo(customers);
    const spend = core.fitGammaGamma(core.repeatSpenders(c));
    const input = { transactionModel, spendModel: spend, customers, timeUnit: 'week' as const };
    const one = core.predictCustomerLifetimeValue(input);
    for (const entry of [esm, cjs]) {
      const p = await entry.predictOnThreads(input, { threads: 2, minHistories: 0, minHistoryShare: 0 });
      expect(p.slicesOnWorkers).toBe(1);
      expect([...p.lifetimeValue.values]).toEqual([...one.values]);
    }
  });
});
