import { ClvValidationError, makeIssue } from '../../errors.js';

/** The most ticks `niceTicks` is asked for. */
export const MAX_TICKS = 100;

/**
 * Round ("nice") axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten, from 0 to at least the maximum
 * (Heckbert 1990, "Nice numbers for graph labels", Graphics Gems), so an axis reads 0/100/200 rather than
 * 0/171/342.
 *
 * A maximum of 0 or less gives [0, 1]; a maximum beyond ±1e300 or a count outside 1 to `MAX_TICKS` is a
 * `ClvValidationError`.
 *
 * @example niceTicks(342, 4) // [0, 100, 200, 300, 400]
 */
export function niceTicks(max: number, count = 5): number[] {
  const issues = [
    ...(typeof max === 'number' && Number.isFinite(max) && Math.abs(max) <= 1e300
      ? []
      : [makeIssue('max', 'a finite number of magnitude 1e300 or less', max)]),
    ...(Number.isInteger(count) && count >= 1 && count <= MAX_TICKS
      ? []
      : [makeIssue('count', `a whole number from 1 to ${MAX_TICKS}`, count)]),
  ];
  if (issues.length > 0) throw new ClvValidationError('niceTicks', issues);
  if (!(max > 0)) return [0, 1];
  const step = niceStep(max / Math.max(1, count));
  const ticks: number[] = [];
  for (let k = 0; ticks.length === 0 || (ticks[ticks.length - 1] as number) < max - 1e-9 * step; k++)
    ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above `rough` (in [1e-300, 1e300]). @example niceStep(17.1) === 20 */
export function niceStep(rough: number): number {
  if (!(typeof rough === 'number' && rough >= 1e-300 && rough <= 1e300))
    throw new ClvValidationError('niceStep', [makeIssue('rough', 'a number in [1e-300, 1e300]', rough)]);
  const power = 10 ** Math.floor(Math.log10(rough));
  return Number(
    (([1, 2, 2.5, 5, 10].find((m) => m * power >= rough * (1 - 1e-12)) ?? 10) * power).toPrecision(12),
  );
}

/** A tick value as short text with thousands separators (1,500; 0.25; 2.5). @example tickText(1500) === '1,500' */
export const tickText = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 4 });
