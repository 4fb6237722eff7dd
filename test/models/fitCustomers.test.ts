import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaGeoFamilyLogLikelihood } from '../../src/models/betaGeo/likelihood.js';
import { betaGeoModel } from '../../src/models/betaGeo.js';
import { customerColumns } from '../../src/models/data/customers.js';
import { fitCustomers, groupingPays, ungroupedCustomers } from '../../src/models/data/fitCustomers.js';
import { groupCustomers, levels } from '../../src/models/data/groupCustomers.js';
import { fitModel } from '../../src/models/fit/fitModel.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import {
  type ParetoNbdRows,
  paretoNbdLogLikelihoodPrepared,
  prepareParetoNbd,
} from '../../src/models/paretoNbd/likelihood.js';
import { simulateCustomers } from '../../src/models/simulate/simulateCustomers.js';

const customer = fc
  .tuple(
    fc.integer({ min: 0, max: 6 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0.01, max: 60, noNaN: true }),
    fc.integer({ min: 1, max: 4 }),
  )
  .map(([x, u, T, w]) => ({ frequency: x, recency: x === 0 ? 0 : u * T, T, weight: w }));

describe('fitCustomers: grouped or row by row, one likelihood', () => {
  it('the BG family likelihood and gradient are the same on grouped and ungrouped customers (property)', () => {
    fc.assert(
      fc.property(
        fc.array(customer, { minLength: 1, maxLength: 40 }),
        fc.constantFrom<0 | 1>(0, 1),
        fc.tuple(
          fc.double({ min: 0.05, max: 5, noNaN: true }),
          fc.double({ min: 0.1, max: 50, noNaN: true }),
          fc.double({ min: 0.05, max: 5, noNaN: true }),
          fc.double({ min: 0.05, max: 5, noNaN: true }),
        ),
        (rows, shift, p) => {
          const c = customerColumns(rows);
          const params = Float64Array.from(p);
          const g1 = new Float64Array(4);
          const g2 = new Float64Array(4);
          const grouped = betaGeoFamilyLogLikelihood(shift, params, groupCustomers(c), g1);
          const rowwise = betaGeoFamilyLogLikelihood(shift, params, ungroupedCustomers(c), g2);
          expect(Math.abs(rowwise - grouped)).toBeLessThanOrEqual(1e-10 * (1 + Math.abs(grouped)));
          for (let j = 0; j < 4; j++)
            expect(Math.abs((g2[j] as number) - (g1[j] as number))).toBeLessThanOrEqual(
              1e-9 * (1 + Math.abs(g1[j] as number)),
            );
        },
      ),
      { seed: 18, numRuns: 200 },
    );
  });

  it('a likelihood split into row ranges sums to the whole (both layouts)', () => {
    const c = customerColumns(
      Array.from({ length: 101 }, (_, i) => ({
        frequency: i % 4,
        recency: i % 4 === 0 ? 0 : i / 10,
        T: 11 + i / 7,
      })),
    );
    const params = Float64Array.of(0.3, 4, 0.7, 2.5);
    for (const data of [groupCustomers(c), ungroupedCustomers(c)]) {
      const rows = data.frequencyLevels.code.length;
      const whole = new Float64Array(4);
      const ll = betaGeoFamilyLogLikelihood(0, params, data, whole);
      const a = new Float64Array(4);
      const b = new Float64Array(4);
      const parts =
        betaGeoFamilyLogLikelihood(0, params, data, a, 0, 37) +
        betaGeoFamilyLogLikelihood(0, params, data, b, 37, rows);
      expect(parts).toBeCloseTo(ll, 9);
      for (let j = 0; j < 4; j++)
        expect((a[j] as number) + (b[j] as number)).toBeCloseTo(whole[j] as number, 8);
    }
  });

  it('groups day-resolution customers and leaves continuous-time ones as they are; both fits agree to 1e-6', () => {
    const fit = fitFromParams({ model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } });
    const n = 100_000;
    const continuous = simulateCustomers(fit, {
      T: Float64Array.from({ length: n }, (_, i) => 39 + ((i * 7919) % n) / n),
      seed: 3,
    });
    const days = simulateCustomers(fit, {
      T: Float64Array.from({ length: n }, (_, i) => (273 + (i % 84)) / 7),
      seed: 3,
      resolution: 1 / 7,
    });
    expect(groupingPays(customerColumns(continuous))).toBe(false);
    expect(groupingPays(customerColumns(days))).toBe(true);
    expect(fitCustomers(customerColumns(continuous)).grouped).toBe(false);
    // Small data is always grouped.
    expect(groupingPays(customerColumns({ frequency: [1, 2], recency: [1, 2], T: [3, 4] }))).toBe(true);
    const c = customerColumns(continuous);
    const rowwise = fitModel(betaGeoModel, ungroupedCustomers(c));
    const grouped = fitModel(betaGeoModel, groupCustomers(c));
    for (const name of betaGeoModel.paramNames)
      expect(Math.abs((rowwise.params[name] as number) / (grouped.params[name] as number) - 1)).toBeLessThan(
        1e-6,
      );
  });

  it('levels of whole numbers (counted, no sort) match the sorted definition (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 80 }), (xs) => {
        const column = Float64Array.from(xs);
        const l = levels(column);
        const distinct = [...new Set(xs)].sort((a, b) => a - b);
        expect(Array.from(l.values)).toEqual(distinct);
        for (let i = 0; i < xs.length; i++) expect(l.values[l.code[i] as number]).toBe(xs[i]);
        expect(Array.from(l.weights)).toEqual(distinct.map((v) => xs.filter((u) => u === v).length));
      }),
      { seed: 18, numRuns: 200 },
    );
  });

  it('the Pareto/NBD likelihood and gradient are the same grouped and row by row, whole or split (property)', () => {
    fc.assert(
      fc.property(
        fc.array(customer, { minLength: 2, maxLength: 30 }),
        fc.tuple(
          fc.double({ min: 0.1, max: 3, noNaN: true }),
          fc.double({ min: 0.5, max: 30, noNaN: true }),
          fc.double({ min: 0.1, max: 3, noNaN: true }),
          fc.double({ min: 0.5, max: 30, noNaN: true }),
        ),
        (rows, p) => {
          const c = customerColumns(rows);
          const params = Float64Array.from(p);
          const grouped = prepareParetoNbd(groupCustomers(c));
          const rowwise: ParetoNbdRows = {
            grouped: false,
            customers: grouped.customers,
            totalFrequency: grouped.totalFrequency,
            totalT: grouped.totalT,
            rows: ungroupedCustomers(c),
          };
          const g1 = new Float64Array(4);
          const g2 = new Float64Array(4);
          const a = new Float64Array(4);
          const b = new Float64Array(4);
          const ll = paretoNbdLogLikelihoodPrepared(params, grouped, g1);
          const whole = paretoNbdLogLikelihoodPrepared(params, rowwise, g2);
          const half = rows.length >> 1;
          const split =
            paretoNbdLogLikelihoodPrepared(params, rowwise, a, 0, half) +
            paretoNbdLogLikelihoodPrepared(params, rowwise, b, half, rows.length);
          const tol = 1e-9 * (1 + Math.abs(ll));
          expect(Math.abs(whole - ll)).toBeLessThanOrEqual(tol);
          expect(Math.abs(split - ll)).toBeLessThanOrEqual(tol);
          for (let j = 0; j < 4; j++) {
            const gt = 1e-7 * (1 + Math.abs(g1[j] as number));
            expect(Math.abs((g2[j] as number) - (g1[j] as number))).toBeLessThanOrEqual(gt);
            expect(Math.abs((a[j] as number) + (b[j] as number) - (g1[j] as number))).toBeLessThanOrEqual(gt);
          }
        },
      ),
      { seed: 18, numRuns: 150 },
    );
  });
});
