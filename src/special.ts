/**
 * `clvkit/special`: the special functions the models are built on, for users who need them (log-gamma,
 * digamma, log-beta, log-space sums and the Gauss hypergeometric function in log space). Pure, float64.
 *
 * These are the checked forms: every argument must be a number in the function's domain, and a result that is
 * not finite (a pole, an overflow) is a `ClvValidationError` naming the argument, never NaN or ±Infinity. The
 * models call the unchecked forms in `src/models/special/` on their hot paths, where the arguments are known
 * to be in the domain.
 *
 * @packageDocumentation
 * @module clvkit/special
 */
import { ClvValidationError, makeIssue, printedIssue } from './errors.js';
import { digamma as digammaUnchecked } from './models/special/digamma.js';
import { lgamma as lgammaUnchecked } from './models/special/lgamma.js';
import { logBeta as logBetaUnchecked } from './models/special/logBeta.js';
import {
  logDiffExp as logDiffExpUnchecked,
  logSumExp as logSumExpUnchecked,
} from './models/special/logSumExp.js';

export { logHyp2f1 } from './models/special/hyp2f1.js';

/** One argument's rule: its name, what it must be, and the test. */
type ArgumentRule = readonly [name: string, expected: string, holds: (x: number) => boolean];

const FINITE = 'a finite number';
const isFiniteNumber = (x: number) => typeof x === 'number' && Number.isFinite(x);
/** A finite number, or −Infinity (the log of 0) where a log-space sum allows one. */
const isLogOfZeroOrFinite = (x: number) => isFiniteNumber(x) || x === Number.NEGATIVE_INFINITY;
/** Not a pole of Γ and ψ: 0, −1, −2, … */
const isNotPole = (x: number) => isFiniteNumber(x) && !(x <= 0 && x === Math.floor(x));
/** The rule of the argument x of Γ's and ψ's functions (`of`: the function named in the message). */
const notAPole = (of: string): ArgumentRule => [
  'x',
  `${FINITE} other than 0, −1, −2, … (the poles of ${of})`,
  isNotPole,
];

/**
 * Runs `f` on `args` after checking each against its rule, and checks that the result is finite: a
 * `ClvValidationError` from `where` names every argument out of its domain, or, when the result overflowed or
 * fell on a pole, the arguments together with what they must give.
 */
function checkedCall(
  where: string,
  rules: readonly ArgumentRule[],
  args: readonly unknown[],
  f: (...xs: number[]) => number,
  finiteResult: string,
): number {
  const issues = rules.flatMap(([name, expected, holds], i) => {
    const x = args[i];
    return typeof x === 'number' && holds(x) ? [] : [makeIssue(name, expected, x)];
  });
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  const result = f(...(args as number[]));
  if (Number.isFinite(result)) return result;
  const path = rules.map(([name]) => name).join(', ');
  const received = `${rules.map(([name], i) => `${name} = ${String(args[i])}`).join(', ')}, where it is ${result}`;
  throw new ClvValidationError(where, [printedIssue(path, finiteResult, received)]);
}

/**
 * ln Γ(x), the natural logarithm of the gamma function, for any finite x that is not a pole (0, −1, −2, …).
 *
 * Method (Abramowitz & Stegun 1964, 6.1.40, 6.1.15, 6.1.17): Stirling's series for x ≥ 10, the recurrence
 * Γ(x) = Γ(x + n) / (x (x+1) … (x+n−1)) below, and the reflection ln |Γ(x)| = ln(π / |sin πx|) − ln Γ(1 − x) for
 * negative x. Absolute error about 1e-14 for 0 < x ≤ 1e6. A result beyond the largest double (x above about
 * 2.5e305) is a `ClvValidationError`.
 *
 * @example lgamma(0.5) // ln √π ≈ 0.572364942924700
 * @example lgamma(5) // ln 24 ≈ 3.1780538303479458
 */
export function lgamma(x: number): number {
  return checkedCall(
    'lgamma',
    [notAPole('Γ')],
    [x],
    lgammaUnchecked,
    'arguments where ln Γ is finite (x below about 2.5e305)',
  );
}

/**
 * ψ(x) = d/dx ln Γ(x), the digamma function, for any finite x that is not a pole (0, −1, −2, …).
 *
 * Method (Abramowitz & Stegun 1964, 6.3.18, 6.3.5, 6.3.7): the asymptotic series for x ≥ 10, the recurrence
 * ψ(x) = ψ(x + 1) − 1/x below, and the reflection ψ(1 − x) − ψ(x) = π cot(πx) for negative x. Relative error about
 * 1e-15. x so close to a pole that ψ overflows (e.g. 5e-324) is a `ClvValidationError`.
 *
 * @example digamma(1) // −γ ≈ −0.5772156649015329
 */
export function digamma(x: number): number {
  return checkedCall(
    'digamma',
    [notAPole('ψ')],
    [x],
    digammaUnchecked,
    'arguments where ψ is finite (not within about 1e-308 of a pole)',
  );
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), the natural logarithm of the beta function, for a, b > 0.
 *
 * Source: Abramowitz & Stegun (1964), 6.2.2. Absolute error about 1e-14 for arguments up to 1e3 (about 1e-9 at
 * 1e6, where the three terms are ~1e7 each).
 *
 * @example logBeta(1, 1) // 0
 * @example logBeta(2, 3) // ln(1/12) ≈ −2.4849066497880004
 */
export function logBeta(a: number, b: number): number {
  const positive = (x: number) => isFiniteNumber(x) && x > 0;
  return checkedCall(
    'logBeta',
    [
      ['a', `${FINITE} greater than 0`, positive],
      ['b', `${FINITE} greater than 0`, positive],
    ],
    [a, b],
    logBetaUnchecked,
    'arguments where ln B is finite (a + b below the largest double)',
  );
}

/**
 * ln(eᵃ + eᵇ) without overflow or underflow: max(a, b) + log1p(e^{−|a − b|}). Either argument may be −Infinity
 * (the log of 0), not both.
 *
 * Source: the log-sum-exp identity (Press et al. 2007, Numerical Recipes, 3rd ed., §16.1).
 *
 * @example logSumExp(Math.log(2), Math.log(3)) // ≈ Math.log(5)
 * @example logSumExp(1000, 1000) // 1000 + ln 2
 */
export function logSumExp(a: number, b: number): number {
  return checkedCall(
    'logSumExp',
    [
      ['a', `${FINITE} or −Infinity`, isLogOfZeroOrFinite],
      ['b', `${FINITE} or −Infinity`, isLogOfZeroOrFinite],
    ],
    [a, b],
    logSumExpUnchecked,
    'arguments not both −Infinity (the log of 0 + 0)',
  );
}

/**
 * ln(eᵃ − eᵇ) for a > b, without cancellation: a + ln(1 − e^{b − a}), with ln(1 − eᵈ) as ln(−expm1(d)) for
 * d > −ln 2 and log1p(−eᵈ) below. b may be −Infinity (the log of 0); a = b (the log of 0) and a < b (the log of a
 * negative number) are `ClvValidationError`s.
 *
 * Source: Mächler (2012), "Accurately computing log(1 − exp(−|a|))", R package Rmpfr vignette.
 *
 * @example logDiffExp(Math.log(5), Math.log(3)) // ≈ Math.log(2)
 */
export function logDiffExp(a: number, b: number): number {
  if (isFiniteNumber(a) && isLogOfZeroOrFinite(b) && !(a > b))
    throw new ClvValidationError('logDiffExp', [
      makeIssue('a', `a number greater than b = ${b} (eᵃ − eᵇ must be positive)`, a),
    ]);
  return checkedCall(
    'logDiffExp',
    [
      ['a', FINITE, isFiniteNumber],
      ['b', `${FINITE} or −Infinity`, isLogOfZeroOrFinite],
    ],
    [a, b],
    logDiffExpUnchecked,
    'a greater than b',
  );
}
