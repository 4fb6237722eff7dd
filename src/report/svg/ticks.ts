/**
 * Round ("nice") axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten, from 0 to at least the maximum
 * (Heckbert 1990, "Nice numbers for graph labels", Graphics Gems), so an axis reads 0/100/200 rather than
 * 0/171/342.
 *
 * @example niceTicks(342, 4) // [0, 100, 200, 300, 400]
 */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const step = niceStep(max / Math.max(1, count));
  const ticks: number[] = [];
  for (let k = 0; ticks.length === 0 || (ticks[ticks.length - 1] as number) < max - 1e-9 * step; k++)
    ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above `rough` (> 0). @example niceStep(17.1) === 20 */
export function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  return Number(
    (([1, 2, 2.5, 5, 10].find((m) => m * power >= rough * (1 - 1e-12)) ?? 10) * power).toPrecision(12),
  );
}

/** A tick value as short text with thousands separators (1,500; 0.25; 2.5). @example tickText(1500) === '1,500' */
export const tickText = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 4 });
