import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaGeoFamilyCustomerLogLikelihood } from '../../src/models/betaGeo/customerLogLikelihood.js';
import { betaGeoFamilyLogLikelihood } from '../../src/models/betaGeo/likelihood.js';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { customerColumns } from '../../src/models/data/customers.js';
import { groupCustomers } from '../../src/models/data/groupCustomers.js';
import { fitModifiedBetaGeo } from '../../src/models/modifiedBetaGeo.js';
import { lgamma } from '../../src/models/special/lgamma.js';
import { loadCdnowSummary } from './cdnow.js';

const sum = (v: Float64Array) => v.reduce((s, x) => s + x, 0);

describe('BG family per-customer log-likelihood', () => {
  const cdnow = loadCdnowSummary();
  const columns = customerColumns(cdnow);

  it('sums to the published BG/NBD log-likelihood on CDNOW (Fader, Hardie & Lee 2005: −9,582.43)', () => {
    const ll = betaGeoFamilyCustomerLogLikelihood(0, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, columns);
    expect(ll.length).toBe(2357);
    expect(sum(ll)).toBeCloseTo(-9582.43, 2);
  });

  it.each([
    ['BG/NBD', 0, fitBetaGeo],
    ['MBG/NBD', 1, fitModifiedBetaGeo],
  ] as const)('sums to the %s fit’s total log-likelihood', (_, shift, fitter) => {
    const fit = fitter(cdnow);
    const p = fit.params as { r: number; alpha: number; a: number; b: number };
    expect(sum(betaGeoFamilyCustomerLogLikelihood(shift, p, columns))).toBeCloseTo(fit.logLikelihood, 6);
  });

  it('equals ln of FHL 2005 eq. 6 written with Beta functions, customer by customer (property)', () => {
    const logB = (x: number, y: number) => lgamma(x) + lgamma(y) - lgamma(x + y);
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.constantFrom(0 as const, 1 as const),
        (r, alpha, a, b, x, u, T, s) => {
          const tx = x === 0 ? 0 : u * T;
          const one = customerColumns({ frequency: [x], recency: [tx], T: [T] });
          const head = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
          const alive = Math.exp(logB(a, b + x + s) - logB(a, b) + head - (r + x) * Math.log(alpha + T));
          const dropped =
            x + s > 0
              ? Math.exp(logB(a + 1, b + x + s - 1) - logB(a, b) + head - (r + x) * Math.log(alpha + tx))
              : 0;
          const expected = Math.log(alive + dropped);
          const got = betaGeoFamilyCustomerLogLikelihood(s, { r, alpha, a, b }, one)[0] as number;
          if (Number.isFinite(expected)) expect(got).toBeCloseTo(expected, 8);
          // The grouped total of the one customer is the same number.
          const total = betaGeoFamilyLogLikelihood(s, Float64Array.of(r, alpha, a, b), groupCustomers(one));
          expect(got).toBeCloseTo(total, 8);
        },
      ),
      { numRuns: 300 },
    );
  });
});
