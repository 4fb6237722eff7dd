/**
 * clvkit/special: the checked forms give the models' values wherever those are finite, and a ClvValidationError
 * naming the argument at a pole, on an overflow, or for an argument that is not a number; never NaN or Infinity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { digamma as rawDigamma } from '../../src/models/special/digamma.js';
import { lgamma as rawLgamma } from '../../src/models/special/lgamma.js';
import { logBeta as rawLogBeta } from '../../src/models/special/logBeta.js';
import {
  logDiffExp as rawLogDiffExp,
  logSumExp as rawLogSumExp,
} from '../../src/models/special/logSumExp.js';
import { digamma, lgamma, logBeta, logDiffExp, logSumExp } from '../../src/special.js';

/** The error's first issue, as `path: expected, received`. */
function issueOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ClvValidationError);
    return (e as ClvValidationError).issues[0]?.message ?? '';
  }
  return 'no error';
}

describe('clvkit/special: the checked forms', () => {
  it('give the unchecked values wherever those are finite (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        (x, y) => {
          if (Number.isFinite(rawLgamma(x))) expect(lgamma(x)).toBe(rawLgamma(x));
          if (Number.isFinite(rawDigamma(x))) expect(digamma(x)).toBe(rawDigamma(x));
          expect(logBeta(y, y + 1)).toBe(rawLogBeta(y, y + 1));
          expect(logSumExp(x, y)).toBe(rawLogSumExp(x, y));
          if (x !== y)
            expect(logDiffExp(Math.max(x, y), Math.min(x, y))).toBe(
              rawLogDiffExp(Math.max(x, y), Math.min(x, y)),
            );
        },
      ),
    );
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
    expect(logSumExp(Number.NEGATIVE_INFINITY, 2)).toBe(2);
    expect(logDiffExp(3, Number.NEGATIVE_INFINITY)).toBe(3);
  });

  it('refuse the poles of Γ and ψ (were +Infinity and NaN)', () => {
    expect(rawLgamma(-2)).toBe(Number.POSITIVE_INFINITY);
    expect(issueOf(() => lgamma(-2))).toBe(
      'x: expected a finite number other than 0, −1, −2, … (the poles of Γ), received -2',
    );
    expect(rawDigamma(0)).toBeNaN();
    expect(issueOf(() => digamma(0))).toBe(
      'x: expected a finite number other than 0, −1, −2, … (the poles of ψ), received 0',
    );
  });

  it('refuse a result beyond the largest double, naming the arguments and what they gave', () => {
    expect(issueOf(() => lgamma(1e308))).toBe(
      'x: expected arguments where ln Γ is finite (x below about 2.5e305), received x = 1e+308, where it is Infinity',
    );
    expect(issueOf(() => digamma(5e-324))).toBe(
      'x: expected arguments where ψ is finite (not within about 1e-308 of a pole), received x = 5e-324, where it is -Infinity',
    );
    expect(rawLogBeta(1e308, 1e308)).toBeNaN();
    expect(issueOf(() => logBeta(1e308, 1e308))).toBe(
      'a, b: expected arguments where ln B is finite (a + b below the largest double), received a = 1e+308, b = 1e+308, where it is NaN',
    );
  });

  it('refuse the log of zero or of a negative number', () => {
    expect(issueOf(() => logSumExp(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY))).toBe(
      'a, b: expected arguments not both −Infinity (the log of 0 + 0), received a = -Infinity, b = -Infinity, where it is -Infinity',
    );
    expect(rawLogDiffExp(1, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(issueOf(() => logDiffExp(1, 1))).toBe(
      'a: expected a number greater than b = 1 (eᵃ − eᵇ must be positive), received 1',
    );
    expect(issueOf(() => logDiffExp(1, 2))).toBe(
      'a: expected a number greater than b = 2 (eᵃ − eᵇ must be positive), received 1',
    );
  });

  it('take numbers only: no text, no NaN, no +Infinity', () => {
    expect(issueOf(() => lgamma('5' as unknown as number))).toBe(
      'x: expected a finite number other than 0, −1, −2, … (the poles of Γ), received "5"',
    );
    expect(issueOf(() => logBeta(Number.NaN, 1))).toBe(
      'a: expected a finite number greater than 0, received NaN',
    );
    expect(issueOf(() => logSumExp(Number.POSITIVE_INFINITY, 1))).toBe(
      'a: expected a finite number or −Infinity, received Infinity',
    );
  });
});
