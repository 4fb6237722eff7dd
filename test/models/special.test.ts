import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digamma } from '../../src/models/special/digamma.js';
import { lgamma } from '../../src/models/special/lgamma.js';
import { logBeta } from '../../src/models/special/logBeta.js';
import { log1mExp, logDiffExp, logSumExp } from '../../src/models/special/logSumExp.js';

const EULER = 0.5772156649015329;

/** Relative-or-absolute closeness: |a − b| ≤ tol · max(1, |b|). */
function close(a: number, b: number, tol: number) {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}

describe('lgamma', () => {
  // Tabulated values: ln Γ(n) = ln((n−1)!), ln Γ(½) = ln √π, and high-precision values from A&S / Wolfram.
  const table: [number, number][] = [
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [1, 0],
    [2, 0],
    [1.5, Math.log(Math.sqrt(Math.PI) / 2)],
    [3, Math.log(2)],
    [10, Math.log(362880)],
    [100, 359.1342053695754],
    [0.1, 2.252712651734206],
    [2.5, 0.2846828704729192],
    [1e-6, 13.81550998074943], // −ln x − γx + (π²/12)x²
    [1e6, 12815504.56914761],
    [-0.5, Math.log(2 * Math.sqrt(Math.PI))], // Γ(−½) = −2√π
  ];
  it.each(table)('lgamma(%s) matches the table', (x, expected) => close(lgamma(x), expected, 2e-14));

  it('has poles at 0 and the negative integers, and NaN for NaN', () => {
    expect(lgamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(lgamma(-3)).toBe(Number.POSITIVE_INFINITY);
    expect(lgamma(Number.NaN)).toBeNaN();
  });

  it('satisfies the recurrence ln Γ(x+1) = ln Γ(x) + ln x over 1e-6..1e6', () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (e) => {
        const x = 10 ** e;
        close(lgamma(x + 1), lgamma(x) + Math.log(x), 1e-13);
      }),
    );
  });
});

describe('digamma', () => {
  const table: [number, number][] = [
    [1, -EULER],
    [0.5, -EULER - 2 * Math.LN2],
    [2, 1 - EULER],
    [10, 2.251752589066721], // H₉ − γ
    [1e-6, -1000000.57721402], // −1/x − γ + (π²/6)x
    [1e6, 13.815510057964191], // ln x − 1/(2x) − 1/(12x²)
    [-0.5, 0.03648997397857652], // ψ(½) + 2
  ];
  it.each(table)('digamma(%s) matches the table', (x, expected) => close(digamma(x), expected, 1e-14));

  it('is the derivative of lgamma (central differences) over 1e-3..1e5', () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 5, noNaN: true }), (e) => {
        const x = 10 ** e;
        const h = 1e-5 * x;
        const numeric = (lgamma(x + h) - lgamma(x - h)) / (2 * h);
        close(digamma(x), numeric, 1e-6);
      }),
    );
  });
});

describe('logBeta', () => {
  it('matches closed forms', () => {
    close(logBeta(1, 1), 0, 1e-14);
    close(logBeta(2, 3), Math.log(1 / 12), 1e-14);
    close(logBeta(0.5, 0.5), Math.log(Math.PI), 1e-14);
    close(logBeta(1, 1e6), -Math.log(1e6), 1e-9);
    close(logBeta(1e-6, 1), Math.log(1e6), 1e-14);
  });
  it('is symmetric', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: -6, max: 6, noNaN: true }),
        (e1, e2) => {
          expect(logBeta(10 ** e1, 10 ** e2)).toBe(logBeta(10 ** e2, 10 ** e1));
        },
      ),
    );
  });
});

describe('logSumExp and logDiffExp', () => {
  it('match direct evaluation for moderate arguments', () => {
    close(logSumExp(Math.log(2), Math.log(3)), Math.log(5), 1e-15);
    close(logDiffExp(Math.log(5), Math.log(3)), Math.log(2), 1e-15);
  });
  it('do not overflow or underflow', () => {
    close(logSumExp(1000, 1000), 1000 + Math.LN2, 1e-15);
    close(logSumExp(-1000, -1001), -1000 + Math.log1p(Math.exp(-1)), 1e-15);
    close(logDiffExp(1000, 999), 1000 + Math.log(1 - Math.exp(-1)), 1e-15);
    close(logDiffExp(0, -1e-20), Math.log(1e-20), 1e-12);
  });
  it('handle −Infinity and equal arguments', () => {
    expect(logSumExp(Number.NEGATIVE_INFINITY, 2)).toBe(2);
    expect(logSumExp(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(logDiffExp(2, Number.NEGATIVE_INFINITY)).toBe(2);
    expect(logDiffExp(2, 2)).toBe(Number.NEGATIVE_INFINITY);
    expect(logDiffExp(1, 2)).toBeNaN();
  });
  it('log1mExp is accurate on both branches', () => {
    close(log1mExp(-1e-10), Math.log(1e-10), 1e-9);
    close(log1mExp(-50), -Math.exp(-50), 1e-15);
  });
  it('logDiffExp inverts logSumExp', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: -30, max: 0, noNaN: true }),
        (a, d) => {
          const b = a + d;
          close(logDiffExp(logSumExp(a, b), b), a, 1e-12);
        },
      ),
    );
  });
});
